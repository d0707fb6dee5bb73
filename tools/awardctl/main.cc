// awardctl: the platform from the command line, for clerks, appraisers,
// council secretaries, signers and auditors.
//
//   awardctl [options] <group> <verb> [--field=value ...]
//   awardctl [options] demo
//   awardctl [options] import-prior FILE.csv [--workers=32]
//   awardctl help | <group> --help | <group> <verb> --help
//
// Every RPC of every service has a subcommand (rpc_commands.h); its request is
// built from flags named by field paths (request_flags.h). Answers print as
// Vietnamese text, or as proto3 JSON with --json. An error prints the gRPC
// code, the rule ids it cites, the offending field and the reason, and the
// exit code is 1 (2 for a command line awardctl does not understand).
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/random/random.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/util/json_util.h"
#include "security/transport_security.h"
#include "tools/awardctl/demo.h"
#include "tools/awardctl/error_report.h"
#include "tools/awardctl/platform_client.h"
#include "tools/awardctl/prior_import.h"
#include "tools/awardctl/render_text.h"
#include "tools/awardctl/request_flags.h"
#include "tools/awardctl/rpc_commands.h"

namespace {

using award::ctl::PlatformClient;
using google::protobuf::Message;

constexpr char kUsage[] = R"(awardctl: thi đua, khen thưởng từ dòng lệnh

  awardctl [tùy chọn] <nhóm> <lệnh> [--trường=giá trị ...]
  awardctl [tùy chọn] demo          nạp dữ liệu minh họa một năm của một xã
  awardctl [tùy chọn] import-prior TỆP.csv [--workers=32]
                                    nhập các quyết định giấy trước khi có hệ thống, mỗi dòng
                                    một người được khen (xem tools/awardctl/prior_import.h)
  awardctl <nhóm> --help            các lệnh của nhóm
  awardctl <nhóm> <lệnh> --help     các trường của yêu cầu

Tùy chọn (trước nhóm; --json ở đâu cũng được):
  --server=HOST:PORT        awardd, hoặc mọi dịch vụ (mặc định $AWARD_SERVER, nếu không 127.0.0.1:50050)
  --nominations_server=, --council_server=, --decisions_server=, --query_server=,
  --eventstore_server=      địa chỉ riêng từng dịch vụ khi triển khai tách rời
  --actor=TÊN               người thực hiện khi không có mTLS (mặc định $AWARD_ACTOR, nếu không $USER)
  --tls_ca=, --tls_cert=, --tls_key=
                            mTLS: CA, chứng thư và khóa của người gọi (mặc định $AWARD_TLS_CA,
                            $AWARD_TLS_CERT, $AWARD_TLS_KEY)
  --on_behalf_of=MÃ         hệ thống tin cậy thực hiện thay cho người có mã này
  --timeout=10s             thời gian chờ mỗi lệnh, kể cả thử lại
  --json                    in kết quả dạng JSON

Nhóm:)";

// --nominations_server=... and its like: one service's own address.
constexpr std::pair<const char*, award::ctl::ServiceName> kAddressFlags[] = {
    {"nominations_server", award::ctl::ServiceName::kNominations},
    {"council_server", award::ctl::ServiceName::kCouncil},
    {"decisions_server", award::ctl::ServiceName::kDecisions},
    {"query_server", award::ctl::ServiceName::kQuery},
    {"eventstore_server", award::ctl::ServiceName::kEventStore}};

struct Options {
  std::string server = "127.0.0.1:50050";
  award::ctl::Endpoints own;  // addresses given per service; the rest use `server`
  std::string actor;
  award::security::TlsFiles tls;
  std::string on_behalf_of;
  absl::Duration timeout = absl::Seconds(10);
  bool json = false;
};

void PrintUsage(std::ostream& out) {
  out << kUsage << "\n";
  for (absl::string_view group : award::ctl::CommandGroups()) out << "  " << group << "\n";
}

int Usage(const std::string& problem) {
  std::cerr << "awardctl: " << problem << "\n\n";
  PrintUsage(std::cerr);
  return 2;
}

int GroupHelp(absl::string_view group) {
  std::cout << "awardctl " << group << " <lệnh>:\n";
  for (const award::ctl::RpcCommand& command : award::ctl::RpcCommands()) {
    if (command.group == group) {
      std::cout << absl::StrFormat("  %-20s %s\n", std::string(command.verb),
                                   std::string(command.summary));
    }
  }
  return 0;
}

std::string Env(const char* name, const std::string& otherwise) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : otherwise;
}

int ReportError(const absl::Status& status, bool json) {
  std::cerr << (json ? award::ctl::ErrorJson(status) + "\n" : award::ctl::ErrorText(status))
            << std::flush;
  return 1;
}

// Commands carry who acts and a request id; awardctl supplies both unless given.
void FillCommandMeta(Message& request, const std::string& actor) {
  const google::protobuf::FieldDescriptor* meta = request.GetDescriptor()->FindFieldByName("meta");
  if (meta == nullptr || meta->message_type()->full_name() != "award.v1.CommandMeta") return;
  Message& m = *request.GetReflection()->MutableMessage(&request, meta);
  const google::protobuf::Descriptor& type = *m.GetDescriptor();
  const google::protobuf::Reflection& r = *m.GetReflection();
  if (r.GetString(m, type.FindFieldByName("actor")).empty()) {
    r.SetString(&m, type.FindFieldByName("actor"), actor);
  }
  if (r.GetString(m, type.FindFieldByName("request_id")).empty()) {
    absl::BitGen random;
    r.SetString(&m, type.FindFieldByName("request_id"),
                absl::StrFormat("ctl-%016x", absl::Uniform<uint64_t>(random)));
  }
}

int RunRpc(const PlatformClient& client, const award::ctl::RpcCommand& command,
           const std::vector<std::string>& args, const Options& options) {
  const google::protobuf::MethodDescriptor* method =
      google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(
          std::string(command.method));
  google::protobuf::MessageFactory* factory = google::protobuf::MessageFactory::generated_factory();
  std::unique_ptr<Message> request(factory->GetPrototype(method->input_type())->New());
  std::unique_ptr<Message> response(factory->GetPrototype(method->output_type())->New());
  if (std::find(args.begin(), args.end(), "--help") != args.end()) {
    std::cout << "awardctl " << command.group << " " << command.verb << ": " << command.summary
              << "\n  (" << command.method << ")\n\n";
    for (const std::string& line : award::ctl::RequestFlagHelp(*method->input_type())) {
      std::cout << line << "\n";
    }
    return 0;
  }
  if (absl::Status filled = award::ctl::FillRequest(args, *request); !filled.ok()) {
    return ReportError(filled, options.json);
  }
  FillCommandMeta(*request, options.actor);
  if (absl::Status called = client.Call(command.method, *request, *response); !called.ok()) {
    return ReportError(called, options.json);
  }
  if (options.json) {
    google::protobuf::util::JsonPrintOptions print;
    print.preserve_proto_field_names = true;
    std::string json;
    // A response is always printable as JSON; should it not be, the answer
    // is not lost silently but reported, and the exit code says so.
    if (const auto printed = google::protobuf::util::MessageToJsonString(*response, &json, print);
        !printed.ok()) {
      return ReportError(absl::InternalError(absl::StrCat("the answer cannot be printed as JSON: ",
                                                          printed.ToString())),
                         true);
    }
    std::cout << json << std::endl;
  } else {
    std::cout << award::ctl::RenderText(*response) << std::flush;
  }
  return 0;
}

}  // namespace

// awardctl import-prior FILE.csv: refused lines on standard output, progress
// and the summary on standard error; 1 when any line was refused.
int ImportPrior(const PlatformClient& client, const std::vector<std::string>& words,
                const std::vector<std::string>& args, const Options& options) {
  if (words.size() != 2) return Usage("import-prior takes one CSV file");
  award::ctl::ImportOptions import;
  import.actor = options.actor;
  for (const std::string& arg : args) {
    if (!absl::StartsWith(arg, "--workers=") ||
        !absl::SimpleAtoi(arg.substr(10), &import.workers) || import.workers < 1 ||
        import.workers > 256) {
      return Usage(absl::StrCat("import-prior: unexpected '", arg, "' (--workers=1..256)"));
    }
  }
  std::ifstream file(words[1], std::ios::binary);
  if (!file) {
    std::cerr << "awardctl: cannot read " << words[1] << "\n";
    return 1;
  }
  absl::StatusOr<award::ctl::ImportSummary> summary =
      award::ctl::ImportPriorDecisions(client, file, import, std::cerr, std::cout);
  if (!summary.ok()) return ReportError(summary.status(), options.json);
  std::cerr << absl::StrFormat(
      "import-prior: %d lines: %d recorded, %d already recorded, %d refused, in %s\n",
      summary->lines, summary->recorded, summary->already_recorded, summary->refused,
      absl::FormatDuration(summary->took));
  return summary->refused == 0 ? 0 : 1;
}

int main(int argc, char** argv) {
  Options options;
  options.server = Env("AWARD_SERVER", options.server);
  options.actor = Env("AWARD_ACTOR", Env("USER", "awardctl"));
  options.tls = {Env("AWARD_TLS_CA", ""), Env("AWARD_TLS_CERT", ""), Env("AWARD_TLS_KEY", "")};
  std::vector<std::string> words;
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--json") {
      options.json = true;
      continue;
    }
    if (!words.empty()) {
      (absl::StartsWith(arg, "--") ? args : words).push_back(arg);
      continue;
    }
    if (!absl::StartsWith(arg, "--")) {
      words.push_back(arg);
      continue;
    }
    const size_t equals = arg.find('=');
    const std::string name = arg.substr(2, equals == std::string::npos ? arg.npos : equals - 2);
    const std::string value = equals == std::string::npos ? "" : arg.substr(equals + 1);
    if (name == "help") {
      PrintUsage(std::cout);
      return 0;
    }
    const auto* own = std::find_if(std::begin(kAddressFlags), std::end(kAddressFlags),
                                   [&](const auto& flag) { return name == flag.first; });
    if (own != std::end(kAddressFlags)) {
      options.own.Of(own->second) = value;
    } else if (name == "server") {
      options.server = value;
    } else if (name == "actor") {
      options.actor = value;
    } else if (name == "tls_ca") {
      options.tls.ca = value;
    } else if (name == "tls_cert") {
      options.tls.cert = value;
    } else if (name == "tls_key") {
      options.tls.key = value;
    } else if (name == "on_behalf_of") {
      options.on_behalf_of = value;
    } else if (name == "timeout") {
      if (!absl::ParseDuration(value, &options.timeout)) return Usage("--timeout: e.g. 30s, 2m");
    } else {
      return Usage(absl::StrCat("unknown option --", name));
    }
  }
  if (words.empty()) return Usage("say what to do");
  if (words[0] == "help") {
    PrintUsage(std::cout);
    return 0;
  }

  award::ctl::Endpoints endpoints = award::ctl::Endpoints::AllAt(options.server);
  for (award::ctl::ServiceName service : award::ctl::kServiceNames) {
    if (!options.own.Of(service).empty()) endpoints.Of(service) = options.own.Of(service);
  }
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
      award::security::ChannelCredentialsFrom(options.tls);
  if (!credentials.ok()) return Usage(std::string(credentials.status().message()));
  PlatformClient client(endpoints, options.timeout, {*credentials, options.on_behalf_of});

  if (words[0] == "demo") {
    if (words.size() > 1 || !args.empty()) return Usage("demo takes no arguments");
    const absl::Status seeded = award::ctl::SeedDemoYear(client, options.actor, std::cout);
    return seeded.ok() ? 0 : ReportError(seeded, options.json);
  }
  if (words[0] == "import-prior") return ImportPrior(client, words, args, options);
  const auto& groups = award::ctl::CommandGroups();
  if (std::find(groups.begin(), groups.end(), words[0]) == groups.end()) {
    return Usage(absl::StrCat("no group '", words[0], "'"));
  }
  if (words.size() == 1) {
    if (std::find(args.begin(), args.end(), "--help") != args.end()) return GroupHelp(words[0]);
    GroupHelp(words[0]);
    return 2;
  }
  if (words.size() > 2) return Usage(absl::StrCat("unexpected '", words[2], "'"));
  const award::ctl::RpcCommand* command = award::ctl::FindRpcCommand(words[0], words[1]);
  if (command == nullptr) {
    std::cerr << "awardctl: no command '" << words[0] << " " << words[1] << "'\n";
    GroupHelp(words[0]);
    return 2;
  }
  return RunRpc(client, *command, args, options);
}
