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

// Waits until its health says SERVING for appends (the log verified) and it
// has used under 5 % of a processor for two seconds (the projections caught
// up), so that no start-up work runs beside a measurement. Not its readiness:
// on a log mostly of events its read models skip, that lags by minutes behind
// the projections (ProjectionsReady moves on 100,000 records a check). Exits
// the benchmark after `limit`.
void WaitUntilQuiet(const AwarddProcess& awardd, absl::Duration limit);

// Seconds of processor time it has used, in user and kernel mode.
double ProcessorTime(const AwarddProcess& awardd);

// SIGTERM, then waits for it to exit.
void StopAwardd(const AwarddProcess& awardd);

}  // namespace award::bench

#endif  // AWARD_BENCH_AWARDD_PROCESS_H_
