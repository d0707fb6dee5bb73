#include "telemetry/telemetry.h"

#include <cstdio>
#include <exception>
#include <utility>

#include "absl/flags/flag.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "award/v1/common.pb.h"
#include "base/certificate_name.h"
#include "google/protobuf/message.h"
#include "grpcpp/security/auth_context.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_interceptor.h"
#include "prometheus/collectable.h"
#include "prometheus/counter.h"
#include "prometheus/exposer.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"
#include "security/grpc_access.h"

ABSL_FLAG(std::string, metrics_listen, "",
          "Serve Prometheus metrics at http://HOST:PORT/metrics (port 0 picks one); off if empty");
ABSL_FLAG(bool, log_requests, true, "Write one JSON line per RPC on stderr");

namespace award::telemetry {

struct Telemetry::RpcMetrics {
  prometheus::Family<prometheus::Counter>* calls;
  prometheus::Family<prometheus::Histogram>* durations;
};

namespace {

// Faults of the platform, not of the caller.
// "error" for the platform's own faults, "warn" for requests that are not
// what the API defines (malformed bytes, unknown values, bad fields), "info"
// for the rest.
const char* LevelOf(grpc::StatusCode code) {
  if (code == grpc::StatusCode::UNKNOWN || code == grpc::StatusCode::INTERNAL ||
      code == grpc::StatusCode::DATA_LOSS || code == grpc::StatusCode::UNAVAILABLE) {
    return "error";
  }
  return code == grpc::StatusCode::INVALID_ARGUMENT ? "warn" : "info";
}

void AppendJsonString(std::string& out, absl::string_view text) {
  out.push_back('"');
  for (const char c : text) {
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          absl::StrAppendFormat(&out, "\\u%04x", c);
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

// A gauge family per name, each read from its sampler at scrape time.
class SampledGauges final : public prometheus::Collectable {
 public:
  void Add(std::string name, std::string help, Sampler sampler) {
    absl::MutexLock lock(&mu_);
    gauges_.push_back({std::move(name), std::move(help), std::move(sampler)});
  }

  std::vector<prometheus::MetricFamily> Collect() const override {
    absl::MutexLock lock(&mu_);
    std::vector<prometheus::MetricFamily> families;
    for (const Gauge& gauge : gauges_) {
      prometheus::MetricFamily& family = families.emplace_back();
      family.name = gauge.name;
      family.help = gauge.help;
      family.type = prometheus::MetricType::Gauge;
      for (const Sample& sample : gauge.sampler()) {
        prometheus::ClientMetric& metric = family.metric.emplace_back();
        for (const auto& [name, value] : sample.labels) metric.label.push_back({name, value});
        metric.gauge.value = sample.value;
      }
    }
    return families;
  }

 private:
  struct Gauge {
    std::string name;
    std::string help;
    Sampler sampler;
  };
  mutable absl::Mutex mu_;
  std::vector<Gauge> gauges_ ABSL_GUARDED_BY(mu_);
};

class RpcRecorder final : public grpc::experimental::Interceptor {
 public:
  RpcRecorder(grpc::experimental::ServerRpcInfo* info, Telemetry::RpcMetrics& metrics,
              const std::string& process, bool log)
      : info_(info),
        metrics_(metrics),
        process_(process),
        // Probes ask for health every few seconds: counted, not logged.
        log_(log && !absl::StartsWith(info->method(), "/grpc.health.v1.Health/")),
        typed_(absl::StartsWith(info->method(), "/award.v1.")),
        start_(absl::Now()) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    using grpc::experimental::InterceptionHookPoints;
    // The request is gone by the time the status is sent: its ids are taken now.
    if (typed_ && methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE)) {
      auto* request = static_cast<google::protobuf::Message*>(methods->GetRecvMessage());
      if (const v1::CommandMeta* meta =
              request == nullptr ? nullptr : security::CommandMetaOf(*request)) {
        request_id_ = meta->request_id();
        actor_ = meta->actor();
        has_meta_ = true;
      }
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      Record(methods->GetSendStatus());
    }
    methods->Proceed();
  }

 private:
  void Record(const grpc::Status& status) {
    const absl::Duration took = absl::Now() - start_;
    // gRPC's codes are Abseil's, number for number.
    const std::string code =
        absl::StatusCodeToString(static_cast<absl::StatusCode>(status.error_code()));
    metrics_.calls->Add({{"method", info_->method()}, {"code", code}}).Increment();
    metrics_.durations
        ->Add({{"method", info_->method()}},
              prometheus::Histogram::BucketBoundaries{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10})
        .Observe(absl::ToDoubleSeconds(took));
    if (!log_) return;
    std::string line = "{\"time\":";
    AppendJsonString(line,
                     absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone()));
    line.append(",\"level\":");
    AppendJsonString(line, LevelOf(status.error_code()));
    line.append(",\"service\":");
    AppendJsonString(line, process_);
    line.append(",\"method\":");
    AppendJsonString(line, info_->method());
    line.append(",\"request_id\":");
    AppendJsonString(line, request_id_);
    line.append(",\"actor\":");
    AppendJsonString(line, has_meta_ ? actor_ : PrincipalOf());
    line.append(",\"code\":");
    AppendJsonString(line, code);
    absl::StrAppendFormat(&line, ",\"duration_ms\":%.3f}\n", absl::ToDoubleMilliseconds(took));
    std::fwrite(line.data(), 1, line.size(), stderr);
  }

  // The caller's certificate name, for calls without a CommandMeta.
  std::string PrincipalOf() const {
    const std::shared_ptr<const grpc::AuthContext> auth = info_->server_context()->auth_context();
    return auth == nullptr ? "" : CertificateName(*auth);
  }

  grpc::experimental::ServerRpcInfo* info_;
  Telemetry::RpcMetrics& metrics_;
  const std::string& process_;
  const bool log_;
  const bool typed_;
  const absl::Time start_;
  bool has_meta_ = false;
  std::string request_id_;
  std::string actor_;
};

class RpcRecorderFactory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  RpcRecorderFactory(std::shared_ptr<Telemetry::RpcMetrics> metrics, std::string process, bool log)
      : metrics_(std::move(metrics)), process_(std::move(process)), log_(log) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new RpcRecorder(info, *metrics_, process_, log_);
  }

 private:
  std::shared_ptr<Telemetry::RpcMetrics> metrics_;
  const std::string process_;
  const bool log_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Telemetry>> Telemetry::FromFlags(const std::string& process) {
  std::unique_ptr<Telemetry> telemetry(new Telemetry());
  telemetry->process_ = process;
  telemetry->log_requests_ = absl::GetFlag(FLAGS_log_requests);
  telemetry->registry_ = std::make_shared<prometheus::Registry>();
  telemetry->rpc_ = std::make_shared<RpcMetrics>(
      RpcMetrics{&prometheus::BuildCounter()
                      .Name("award_rpc_total")
                      .Help("RPCs answered, by full method and gRPC code")
                      .Register(*telemetry->registry_),
                 &prometheus::BuildHistogram()
                      .Name("award_rpc_duration_seconds")
                      .Help("Time from a call's start to its status, by full method")
                      .Register(*telemetry->registry_)});
  const std::string listen = absl::GetFlag(FLAGS_metrics_listen);
  if (listen.empty()) return telemetry;
  try {
    telemetry->exposer_ = std::make_unique<prometheus::Exposer>(listen, 1);
  } catch (const std::exception& error) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--metrics_listen=", listen, ": cannot serve metrics there (", error.what(), ")"));
  }
  telemetry->exposer_->RegisterCollectable(telemetry->registry_);
  const std::vector<int> ports = telemetry->exposer_->GetListeningPorts();
  telemetry->metrics_address_ =
      absl::StrCat(listen.substr(0, listen.rfind(':')), ":", ports.empty() ? 0 : ports.front());
  return telemetry;
}

Telemetry::~Telemetry() = default;

void Telemetry::AddGauge(const std::string& name, const std::string& help, Sampler sampler) {
  if (gauges_ == nullptr) {
    gauges_ = std::make_shared<SampledGauges>();
    if (exposer_ != nullptr) exposer_->RegisterCollectable(gauges_);
  }
  static_cast<SampledGauges&>(*gauges_).Add(name, help, std::move(sampler));
}

void Telemetry::ApplyTo(ServeOptions& serving) {
  // First in the list: gRPC runs a server's receive hooks from the last
  // interceptor registered to the first, so the recorder reads the command's
  // ids after the security interceptor has stamped the actor.
  serving.interceptors.insert(serving.interceptors.begin(),
                              std::make_unique<RpcRecorderFactory>(rpc_, process_, log_requests_));
  if (!metrics_address_.empty()) {
    absl::StrAppend(&serving.announcement_detail, serving.announcement_detail.empty() ? "" : " ",
                    "metrics http://", metrics_address_, "/metrics");
  }
}

}  // namespace award::telemetry
