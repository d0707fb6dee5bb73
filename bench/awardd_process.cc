#include "bench/awardd_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"

namespace award::bench {
namespace {

[[noreturn]] void Fail(const std::string& what) {
  std::cerr << "awardd: " << what << std::endl;
  std::exit(1);
}

}  // namespace

AwarddProcess StartAwardd(const std::string& binary, const std::vector<std::string>& arguments) {
  std::vector<std::string> words = {binary, "--listen=127.0.0.1:0"};
  words.insert(words.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (std::string& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  int out[2];
  if (pipe(out) != 0) Fail("pipe");
  const pid_t pid = fork();
  if (pid < 0) Fail("fork");
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    const int null = open("/dev/null", O_WRONLY);
    if (null >= 0) dup2(null, STDERR_FILENO);
    close(out[0]);
    close(out[1]);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  close(out[1]);
  FILE* announced = fdopen(out[0], "r");
  char line[512];
  if (announced == nullptr || fgets(line, sizeof line, announced) == nullptr) {
    Fail("did not start");
  }
  // "awardd listening on HOST:PORT ..."
  std::istringstream said(line);
  std::string word, address;
  while (said >> word) {
    if (word == "on") said >> address;
    if (!address.empty()) break;
  }
  if (address.empty()) Fail(absl::StrCat("said: ", line));
  return {pid, address};
}

void WaitUntilQuiet(const AwarddProcess& awardd, absl::Duration limit) {
  std::unique_ptr<grpc::health::v1::Health::Stub> health = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel(awardd.address, grpc::InsecureChannelCredentials()));
  const auto appending = [&] {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
    grpc::health::v1::HealthCheckRequest request;
    request.set_service("award.appends");
    grpc::health::v1::HealthCheckResponse response;
    return health->Check(&context, request, &response).ok() &&
           response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
  };
  const auto ticks = [&] { return ProcessorTime(awardd) * sysconf(_SC_CLK_TCK); };
  const absl::Duration window = absl::Seconds(2);
  const double quiet = 0.05 * sysconf(_SC_CLK_TCK) * absl::ToDoubleSeconds(window);
  const absl::Time give_up = absl::Now() + limit;
  while (!appending() || [&] {
    const double before = ticks();
    absl::SleepFor(window);
    return ticks() - before > quiet;
  }()) {
    if (absl::Now() > give_up) Fail(absl::StrCat("still busy after ", absl::FormatDuration(limit)));
  }
}

double ProcessorTime(const AwarddProcess& awardd) {
  std::ifstream stat(absl::StrCat("/proc/", awardd.pid, "/stat"));
  std::string line;
  std::getline(stat, line);
  // proc(5): after the command in parentheses, utime and stime are fields 14 and 15.
  std::istringstream fields(line.substr(line.rfind(')') + 2));
  std::string field;
  long ticks = 0;
  for (int i = 3; fields >> field && i <= 15; ++i) {
    if (i >= 14) ticks += std::stol(field);
  }
  return static_cast<double>(ticks) / sysconf(_SC_CLK_TCK);
}

void StopAwardd(const AwarddProcess& awardd) {
  kill(awardd.pid, SIGTERM);
  int status = 0;
  waitpid(awardd.pid, &status, 0);
}

}  // namespace award::bench
