// awardd as its own process for the benchmarks that measure it from outside:
// started on a free loopback port (plaintext, as on a laptop), its address
// taken from its announcement, stopped with SIGTERM.
#ifndef AWARD_BENCH_AWARDD_PROCESS_H_
#define AWARD_BENCH_AWARDD_PROCESS_H_

#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/time/time.h"

namespace award::bench {

struct AwarddProcess {
  pid_t pid = -1;
  std::string address;  // HOST:PORT
};

// `binary` with `arguments` and --listen=127.0.0.1:0; its standard error goes
// to /dev/null (its request log would interleave with the figures). Exits the
// benchmark with a message when it does not announce itself.
AwarddProcess StartAwardd(const std::string& binary, const std::vector<std::string>& arguments);

// Waits until its health says SERVING for the whole server (projections caught
// up) and for appends (the log verified), so that no start-up work runs
// beside a measurement. Exits the benchmark after `limit`.
void WaitUntilReady(const AwarddProcess& awardd, absl::Duration limit);

// SIGTERM, then waits for it to exit.
void StopAwardd(const AwarddProcess& awardd);

}  // namespace award::bench

#endif  // AWARD_BENCH_AWARDD_PROCESS_H_
