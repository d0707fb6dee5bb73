// Settings that every long-running program of the platform makes once, at the
// start of main, before it starts any thread.
#ifndef AWARD_BASE_PROCESS_SETTINGS_H_
#define AWARD_BASE_PROCESS_SETTINGS_H_

namespace award {

// Debian's Abseil is built with deadlock detection on: every lock acquisition
// is checked against a graph of lock orders, a debug aid whose cost gRPC pays
// too. Tests keep it, so that a lock-order inversion fails them; a server or a
// benchmark turns it off.
void StopCheckingLockOrder();

}  // namespace award

#endif  // AWARD_BASE_PROCESS_SETTINGS_H_
