#pragma once

#include "privacy/holder.h"

namespace plenary::consultation {

// The module's data-protection hook (privacy/holder.h).
// Export: the contributions the account submitted, with answers and attachments' names and text.
// Erase: the author's name on them becomes the pseudonym and is no longer published; the text
// stays, as the consultation's record of what was contributed (the person may ask the
// secretariat to withhold it); lists each as an audit object whose payloads are redacted.
privacy::Holder ContributionPrivacy();

}  // namespace plenary::consultation
