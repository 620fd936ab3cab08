#pragma once

#include "privacy/holder.h"

namespace plenary::campaigns {

// The module's data-protection hook (privacy/holder.h), for "submitted in my name without my
// consent" flags, which name a person and their e-mail address. The flags of an account are
// those whose contact is its e-mail address. Export: them. Erase: name and address replaced,
// statement blanked; the flag stays counted on the contribution and campaign.
privacy::Holder ConsentFlagPrivacy();

}  // namespace plenary::campaigns
