// Bytes that are not a request, sent to every method of every service of awardd
// and eventstore_server as real processes: random bytes, a truncated message,
// invalid UTF-8, a NUL, a bidirectional override and an unknown enum number in
// the first field of each kind that the request holds, found from its
// descriptor. Each call is answered INVALID_ARGUMENT with a message and, where
// it can be known, the field in the error details; each is logged at level
// warn; the log of events is unchanged.
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "award/v1/council_service.pb.h"
#include "award/v1/decisions_service.pb.h"
#include "award/v1/nominations_service.pb.h"
#include "award/v1/query_service.pb.h"
#include "eventstore/v1/eventstore.pb.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/wire_format_lite.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/impl/codegen/client_unary_call.h"
#include "grpcpp/impl/codegen/sync_stream.h"
#include "gtest/gtest.h"
#include "tests/support/child_process.h"
#include "tests/support/temp_dir.h"

namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::MethodDescriptor;
using google::protobuf::internal::WireFormatLite;

std::string Tagged(int number, WireFormatLite::WireType wire, const std::string& body,
                   std::optional<uint64_t> varint = std::nullopt) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.WriteTag(WireFormatLite::MakeTag(number, wire));
    if (varint.has_value()) {
      coded.WriteVarint64(*varint);
    } else {
      coded.WriteVarint32(static_cast<uint32_t>(body.size()));
      coded.WriteString(body);
    }
  }
  return out;
}

// The first field of `type` (depth first, through sub-messages) that `wanted`
// accepts, as the chain of fields that leads to it.
bool FindPath(const Descriptor& type, const std::function<bool(const FieldDescriptor&)>& wanted,
              std::vector<const FieldDescriptor*>& path, int depth = 0) {
  if (depth > 6) return false;
  for (int i = 0; i < type.field_count(); ++i) {
    const FieldDescriptor& field = *type.field(i);
    path.push_back(&field);
    if (wanted(field)) return true;
    if (field.type() == FieldDescriptor::TYPE_MESSAGE && !field.is_map() &&
        FindPath(*field.message_type(), wanted, path, depth + 1)) {
      return true;
    }
    path.pop_back();
  }
  return false;
}

// A request whose only content is `leaf` at the end of `path`, and that
// field's name as the check reports it.
struct Crafted {
  std::string bytes;
  std::string field;
};
Crafted Craft(const std::vector<const FieldDescriptor*>& path,
              const std::function<std::string(const FieldDescriptor&)>& leaf) {
  std::string bytes = leaf(*path.back());
  std::string field;
  for (size_t i = path.size() - 1; i-- > 0;) {
    bytes = Tagged(path[i]->number(), WireFormatLite::WIRETYPE_LENGTH_DELIMITED, bytes);
  }
  for (const FieldDescriptor* step : path) {
    absl::StrAppend(&field, field.empty() ? "" : ".", step->name(),
                    step->is_repeated() ? "[0]" : "");
  }
  return {bytes, field};
}

struct Answer {
  grpc::Status status;
  std::string field;  // from the error details
};

Answer Call(const std::shared_ptr<grpc::Channel>& channel, const MethodDescriptor& method,
            const std::string& bytes) {
  const std::string name = absl::StrCat("/", method.service()->full_name(), "/", method.name());
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::Slice slice(bytes);
  grpc::ByteBuffer request(&slice, 1);
  Answer answer;
  if (method.server_streaming()) {
    std::unique_ptr<grpc::ClientReader<grpc::ByteBuffer>> reader(
        grpc::internal::ClientReaderFactory<grpc::ByteBuffer>::Create(
            channel.get(),
            grpc::internal::RpcMethod(name.c_str(), grpc::internal::RpcMethod::SERVER_STREAMING),
            &context, request));
    grpc::ByteBuffer message;
    while (reader->Read(&message)) {
    }
    answer.status = reader->Finish();
  } else {
    grpc::ByteBuffer response;
    answer.status = grpc::internal::BlockingUnaryCall<grpc::ByteBuffer, grpc::ByteBuffer>(
        channel.get(),
        grpc::internal::RpcMethod(name.c_str(), grpc::internal::RpcMethod::NORMAL_RPC), &context,
        request, &response);
  }
  eventstore::v1::ErrorDetails details;
  if (details.ParseFromString(answer.status.error_details())) answer.field = details.field();
  return answer;
}

// Every malformed request for `method`, with the field its refusal must name
// ("" when none can be known).
std::vector<Crafted> MalformedRequestsFor(const MethodDescriptor& method) {
  const Descriptor& type = *method.input_type();
  std::vector<Crafted> requests = {{std::string("\xff\xff\xff\xff\xff\xff", 6), ""},
                                   {std::string("\x0a\x7f", 2), ""}};  // a field cut short
  std::vector<const FieldDescriptor*> path;
  const auto is_string = [](const FieldDescriptor& f) {
    return f.type() == FieldDescriptor::TYPE_STRING && !f.containing_type()->options().map_entry();
  };
  if (FindPath(type, is_string, path)) {
    for (const std::string& text :
         {std::string("Tr\xe1\xba"), std::string("a\0b", 3), std::string("x\xe2\x80\xaey")}) {
      requests.push_back(Craft(path, [&](const FieldDescriptor& f) {
        return Tagged(f.number(), WireFormatLite::WIRETYPE_LENGTH_DELIMITED, text);
      }));
    }
  }
  path.clear();
  const auto is_enum = [](const FieldDescriptor& f) {
    return f.type() == FieldDescriptor::TYPE_ENUM;
  };
  if (FindPath(type, is_enum, path)) {
    requests.push_back(Craft(path, [](const FieldDescriptor& f) {
      return Tagged(f.number(), WireFormatLite::WIRETYPE_VARINT, "", 4242);
    }));
  }
  return requests;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

std::string Digest(const std::shared_ptr<grpc::Channel>& channel) {
  const MethodDescriptor& digest = *google::protobuf::DescriptorPool::generated_pool()
                                        ->FindServiceByName("eventstore.v1.EventStore")
                                        ->FindMethodByName("Digest");
  grpc::ClientContext context;
  grpc::Slice empty("");
  grpc::ByteBuffer request(&empty, 1);
  grpc::ByteBuffer response;
  const std::string name = absl::StrCat("/", digest.service()->full_name(), "/", digest.name());
  grpc::Status status = grpc::internal::BlockingUnaryCall<grpc::ByteBuffer, grpc::ByteBuffer>(
      channel.get(), grpc::internal::RpcMethod(name.c_str(), grpc::internal::RpcMethod::NORMAL_RPC),
      &context, request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  grpc::Slice slice;
  EXPECT_TRUE(response.DumpToSingleSlice(&slice).ok());
  return std::string(reinterpret_cast<const char*>(slice.begin()), slice.size());
}

// The services' files, linked into this test and so in the generated pool.
const Descriptor* const kLinked[] = {award::v1::DraftNominationRequest::descriptor(),
                                     award::v1::RemoveAgendaItemRequest::descriptor(),
                                     award::v1::RevokeDecisionRequest::descriptor(),
                                     award::v1::GetStatisticsRequest::descriptor(),
                                     eventstore::v1::AppendRequest::descriptor()};

// Sends every malformed request to every method of `services` at `address`;
// how many calls it made.
int RefuseEverything(const std::string& address, const std::vector<std::string>& services) {
  auto channel = grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  const std::string before = Digest(channel);
  int calls = 0;
  for (const std::string& service_name : services) {
    const google::protobuf::ServiceDescriptor* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(service_name);
    EXPECT_NE(service, nullptr) << service_name;
    if (service == nullptr) continue;
    for (int m = 0; m < service->method_count(); ++m) {
      const MethodDescriptor& method = *service->method(m);
      for (const Crafted& request : MalformedRequestsFor(method)) {
        SCOPED_TRACE(absl::StrCat(method.full_name(), " with ",
                                  request.field.empty() ? "garbage" : request.field));
        const Answer answer = Call(channel, method, request.bytes);
        ++calls;
        EXPECT_EQ(answer.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
            << answer.status.error_message();
        EXPECT_FALSE(answer.status.error_message().empty());
        if (!request.field.empty()) {
          EXPECT_EQ(answer.field, request.field);
        }
      }
    }
  }
  EXPECT_EQ(Digest(channel), before) << "a refused request changed the log";
  return calls;
}

// `argv` with standard error into `log`.
std::vector<std::string> LoggingTo(const std::string& log, std::vector<std::string> argv) {
  std::vector<std::string> shell = {"/bin/sh", "-c", "exec \"$0\" \"$@\" 2>>" + log};
  shell.insert(shell.end(), argv.begin(), argv.end());
  return shell;
}

void ExpectLoggedAsWarnings(const std::string& log, int calls) {
  int warned = 0;
  std::istringstream lines(ReadFile(log));
  for (std::string line; std::getline(lines, line);) {
    if (!absl::StrContains(line, "\"code\":\"INVALID_ARGUMENT\"")) continue;
    EXPECT_TRUE(absl::StrContains(line, "\"level\":\"warn\"")) << line;
    ++warned;
  }
  EXPECT_EQ(warned, calls);
}

TEST(MalformedRequestsTest, AwarddRefusesThemAllInvalidArgumentAndRecordsNothing) {
  award::testing::TempDir dir;
  const std::string log = dir.Sub("awardd.log");
  award::testing::AnnouncedServer awardd(
      "awardd", LoggingTo(log, {AWARD_AWARDD_PATH, "--data_dir=" + dir.Sub("data"),
                                "--listen=127.0.0.1:0", "--rules_dir=" AWARD_RULES_DIR}));
  ASSERT_FALSE(awardd.address.empty());
  const int calls = RefuseEverything(
      awardd.address, {"eventstore.v1.EventStore", "award.v1.Nominations", "award.v1.Council",
                       "award.v1.Decisions", "award.v1.Query"});
  EXPECT_GT(calls, 200);
  ExpectLoggedAsWarnings(log, calls);
}

TEST(MalformedRequestsTest, TheEventStoreServerRefusesThemAllInvalidArgument) {
  award::testing::TempDir dir;
  const std::string log = dir.Sub("eventstore.log");
  award::testing::AnnouncedServer store(
      "eventstore_server",
      LoggingTo(log, {AWARD_EVENTSTORE_SERVER_PATH, "--data_dir=" + dir.Sub("data"),
                      "--listen=127.0.0.1:0", "--insecure"}));
  ASSERT_FALSE(store.address.empty());
  const int calls = RefuseEverything(store.address, {"eventstore.v1.EventStore"});
  EXPECT_GT(calls, 20);
  ExpectLoggedAsWarnings(log, calls);
}

}  // namespace
