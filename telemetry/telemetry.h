// What a server process tells operators about itself: Prometheus metrics on
// its own /metrics port, and one JSON line on stderr per RPC. Every server of
// the platform takes the same flags:
//   --metrics_listen=HOST:PORT   serve /metrics there (port 0 picks one); off if empty
//   --log_requests=true          one JSON line per call on stderr
//
// RPC metrics (by full method and gRPC code): award_rpc_total and the
// histogram award_rpc_duration_seconds. A log line holds the time, level,
// service (the process), method, request id, actor (ids only, never names or
// other personal data), code and duration.
#ifndef AWARD_TELEMETRY_TELEMETRY_H_
#define AWARD_TELEMETRY_TELEMETRY_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "base/serve.h"

namespace prometheus {
class Collectable;
class Registry;
class Exposer;
}  // namespace prometheus

namespace award::telemetry {

// One value of a gauge read when /metrics is scraped.
struct Sample {
  std::map<std::string, std::string> labels;
  double value = 0;
};
using Sampler = std::function<std::vector<Sample>()>;

class Telemetry {
 public:
  // INVALID_ARGUMENT naming --metrics_listen when it cannot be served.
  static absl::StatusOr<std::unique_ptr<Telemetry>> FromFlags(const std::string& process);
  ~Telemetry();

  prometheus::Registry& registry() { return *registry_; }

  // A gauge whose samples `sampler` computes at each scrape (sizes, lags).
  void AddGauge(const std::string& name, const std::string& help, Sampler sampler);

  // Records and logs every call of the server, and says where /metrics is in
  // the start-up line.
  void ApplyTo(ServeOptions& serving);

  // "HOST:PORT" of /metrics; empty when off.
  const std::string& metrics_address() const { return metrics_address_; }

 private:
  Telemetry() = default;

  std::string process_;
  bool log_requests_ = true;
  std::shared_ptr<prometheus::Registry> registry_;
  std::unique_ptr<prometheus::Exposer> exposer_;
  std::string metrics_address_;
  std::shared_ptr<prometheus::Collectable> gauges_;

 public:
  struct RpcMetrics;  // the RPC interceptor's

 private:
  std::shared_ptr<RpcMetrics> rpc_;
};

}  // namespace award::telemetry

#endif  // AWARD_TELEMETRY_TELEMETRY_H_
