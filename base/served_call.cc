#include "base/served_call.h"

#include "grpcpp/server.h"
#include "grpcpp/server_context.h"

namespace award {
namespace {

thread_local const grpc::ServerContext* served_call = nullptr;

// gRPC calls these on the thread that runs the handler, around the handler.
class ServedCallMarker final : public grpc::Server::GlobalCallbacks {
 public:
  void PreSynchronousRequest(grpc::ServerContext* context) override { served_call = context; }
  void PostSynchronousRequest(grpc::ServerContext*) override { served_call = nullptr; }
};

// gRPC takes its global callbacks once per process, before its first server is
// built, and a server keeps those it was built with. They are installed while
// the program loads, so no server of the process can come before them. gRPC
// owns the marker from here on.
const bool marker_installed = [] {
  grpc::Server::SetGlobalCallbacks(new ServedCallMarker);
  return true;
}();

}  // namespace

std::unique_ptr<grpc::ClientContext> ContextOnBehalfOfServedCall() {
  if (served_call == nullptr) return std::make_unique<grpc::ClientContext>();
  return grpc::ClientContext::FromServerContext(*served_call);
}

}  // namespace award
