#include "services/common/command_runner.h"

namespace award {

void SetRecorded(const CommandResult& result, v1::Recorded& recorded) {
  recorded.set_version(result.last_version);
  recorded.set_position(result.last_position);
  recorded.set_repeated(result.repeated);
}

}  // namespace award
