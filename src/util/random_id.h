// Random identifiers for task ids and probe object names.
#pragma once

#include <string>

namespace mb {

// A version-4 UUID in its canonical 36-character form.
std::string random_uuid();

}  // namespace mb
