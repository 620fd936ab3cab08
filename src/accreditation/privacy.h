#pragma once

#include "privacy/holder.h"

namespace plenary::accreditation {

// The module's data-protection hook (privacy/holder.h).
// Export: the person's requests (without the letters' bytes: their file names and sizes) and
// the requests they decided. Erase: deletes the person's letters and blanks their notes; keeps
// the organisation (it names a government or organisation, not the person), and the decisions
// and the roles they granted as the official record; lists every request of the person as an
// audit object ("accreditation", id) whose payloads are to be redacted.
privacy::Holder AccreditationPrivacy();

}  // namespace plenary::accreditation
