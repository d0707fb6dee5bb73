// One service's requests (AWARD_FUZZ_SERVICE, e.g. "award.v1.Nominations") as
// its server receives them: the first byte picks the method, the rest are the
// request's bytes. They are checked at the edge (edge/request_check.h), then
// parsed, and every text field normalised to NFC as the handlers do
// (services/common/text.h). Nothing crashes; what passes the check parses;
// its text is valid UTF-8 and normalises, and normalising twice changes
// nothing.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "award/v1/council_service.pb.h"
#include "award/v1/decisions_service.pb.h"
#include "award/v1/nominations_service.pb.h"
#include "award/v1/query_service.pb.h"
#include "edge/request_check.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/message.h"
#include "services/common/text.h"

namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

// Every file of the services, linked and in the generated pool.
const google::protobuf::Descriptor* const kLinked[] = {
    award::v1::DraftNominationRequest::descriptor(),
    award::v1::RemoveAgendaItemRequest::descriptor(),
    award::v1::RevokeDecisionRequest::descriptor(), award::v1::GetStatisticsRequest::descriptor()};

void Normalise(Message& message) {
  const google::protobuf::Reflection& reflection = *message.GetReflection();
  const google::protobuf::Descriptor& type = *message.GetDescriptor();
  for (int i = 0; i < type.field_count(); ++i) {
    const FieldDescriptor& field = *type.field(i);
    if (field.type() == FieldDescriptor::TYPE_STRING) {
      const int count = field.is_repeated() ? reflection.FieldSize(message, &field) : 1;
      for (int k = 0; k < count; ++k) {
        const std::string text = field.is_repeated()
                                     ? reflection.GetRepeatedString(message, &field, k)
                                     : reflection.GetString(message, &field);
        absl::StatusOr<std::string> nfc = award::NormalizeText(text, field.name());
        if (!nfc.ok()) std::abort();  // the edge let through text that is not UTF-8
        absl::StatusOr<std::string> twice = award::NormalizeText(*nfc, field.name());
        if (!twice.ok() || *twice != *nfc) std::abort();
      }
    } else if (field.type() == FieldDescriptor::TYPE_MESSAGE) {
      if (field.is_repeated()) {
        for (int k = 0; k < reflection.FieldSize(message, &field); ++k) {
          Normalise(*reflection.MutableRepeatedMessage(&message, &field, k));
        }
      } else if (reflection.HasField(message, &field)) {
        Normalise(*reflection.MutableMessage(&message, &field));
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const google::protobuf::ServiceDescriptor* const service =
      (void(kLinked),
       google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(AWARD_FUZZ_SERVICE));
  if (service == nullptr) std::abort();
  if (size == 0) return 0;
  const google::protobuf::Descriptor& type =
      *service->method(data[0] % service->method_count())->input_type();
  const absl::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (!award::edge::CheckRequest(type, bytes).ok()) return 0;
  std::unique_ptr<Message> request(
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(&type)->New());
  // What passed the edge check must parse.
  if (!request->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) std::abort();
  Normalise(*request);
  return 0;
}
