// The event store's requests as its server receives them: any bytes, checked
// at the edge (edge/request_check.h), then parsed and converted
// (eventstore/grpc/proto_convert.h) as the service does. Nothing crashes, and
// the edge check is never more lenient than the parser.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "edge/request_check.h"
#include "eventstore/grpc/proto_convert.h"
#include "eventstore/v1/eventstore.pb.h"

namespace {

template <typename Request>
void Convert(absl::string_view bytes) {
  if (!award::edge::CheckRequest(*Request::descriptor(), bytes).ok()) return;
  Request request;
  // What passed the edge check must parse.
  if (!request.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) std::abort();
  (void)eventstore::FromProto(request);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const absl::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 5) {
    case 0:
      Convert<eventstore::v1::AppendRequest>(bytes);
      break;
    case 1:
      Convert<eventstore::v1::ReadStreamRequest>(bytes);
      break;
    case 2:
      Convert<eventstore::v1::ReadAllRequest>(bytes);
      break;
    case 3:
      Convert<eventstore::v1::SubscribeRequest>(bytes);
      break;
    default:
      Convert<eventstore::v1::VerifyRequest>(bytes);
      break;
  }
  return 0;
}
