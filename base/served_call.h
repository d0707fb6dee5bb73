// The RPC that the calling thread is serving, so that the calls a handler makes
// on its caller's behalf end with the caller's call.
//
// Every synchronous handler of every gRPC server in a process that links this
// runs with it set: gRPC's global server callbacks mark the thread just before
// the handler and clear the mark just after. A client (the remote event store)
// makes such a call the child of the one served: it then ends at the caller's
// deadline, or sooner, and is cancelled when the caller cancels or goes away.
//
//   std::unique_ptr<grpc::ClientContext> context = award::ContextOnBehalfOfServedCall();
//
// Outside a handler (a projection's own thread, a command-line tool) there is
// no served call and the context stands alone.
#ifndef AWARD_BASE_SERVED_CALL_H_
#define AWARD_BASE_SERVED_CALL_H_

#include <memory>

#include "grpcpp/client_context.h"

namespace award {

// A client context that takes the served call's deadline and cancellation, if
// the thread serves one; a fresh context otherwise. A deadline set on it later
// still ends the call no later than the served call's.
std::unique_ptr<grpc::ClientContext> ContextOnBehalfOfServedCall();

}  // namespace award

#endif  // AWARD_BASE_SERVED_CALL_H_
