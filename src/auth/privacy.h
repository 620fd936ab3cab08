#pragma once

#include "privacy/holder.h"

namespace plenary::auth {

// What accounts hold about a person. Export: the account, its roles, how many sessions and
// reset tokens are open, its API tokens (never a hash). Erasure: name and email replaced by
// the pseudonym, the password made unusable, sessions, tokens, reset tokens and sign-in
// failures deleted; the roles stay (they are the record of who sat for which seat) under the
// pseudonym.
privacy::Holder AccountPrivacy();

}  // namespace plenary::auth
