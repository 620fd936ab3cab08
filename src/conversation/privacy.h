#pragma once

#include "privacy/holder.h"

namespace plenary::conversation {

// The module's data-protection hook (privacy/holder.h), for participants with an account.
// Export: each participation (conversation, declared stakeholder group and country) and its
// votes. Erase: the participations are unlinked from the account; their votes and
// declarations stay in the opinion maps as an anonymous participant's, which is what they then
// are (statements a participant wrote carry a participant number, never a name).
privacy::Holder ParticipationPrivacy();

}  // namespace plenary::conversation
