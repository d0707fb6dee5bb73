// SIGTERM and SIGINT for a server's main(): blocked in every thread, received
// only where main waits for them, so that shutdown runs in ordinary code.
//
//   int main() {
//     award::StopSignals stop;  // before any thread starts: they inherit the mask
//     ... start serving ...
//     stop.Wait();
//     ... drain and close ...
//   }
#ifndef AWARD_BASE_STOP_SIGNALS_H_
#define AWARD_BASE_STOP_SIGNALS_H_

#include <pthread.h>
#include <signal.h>

namespace award {

class StopSignals {
 public:
  StopSignals() {
    sigemptyset(&signals_);
    sigaddset(&signals_, SIGTERM);
    sigaddset(&signals_, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
  }

  // Returns the signal that arrived.
  int Wait() {
    int signal_number = 0;
    sigwait(&signals_, &signal_number);
    return signal_number;
  }

 private:
  sigset_t signals_;
};

}  // namespace award

#endif  // AWARD_BASE_STOP_SIGNALS_H_
