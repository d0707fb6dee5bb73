#include "bench/awardd_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
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

void WaitUntilReady(const AwarddProcess& awardd, absl::Duration limit) {
  std::unique_ptr<grpc::health::v1::Health::Stub> health = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel(awardd.address, grpc::InsecureChannelCredentials()));
  const auto serving = [&](const std::string& service) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(service);
    grpc::health::v1::HealthCheckResponse response;
    return health->Check(&context, request, &response).ok() &&
           response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
  };
  const absl::Time give_up = absl::Now() + limit;
  while (!serving("") || !serving("award.appends")) {
    if (absl::Now() > give_up) Fail(absl::StrCat("not ready after ", absl::FormatDuration(limit)));
    absl::SleepFor(absl::Milliseconds(200));
  }
}

void StopAwardd(const AwarddProcess& awardd) {
  kill(awardd.pid, SIGTERM);
  int status = 0;
  waitpid(awardd.pid, &status, 0);
}

}  // namespace award::bench
