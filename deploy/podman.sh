# Sourced by the container scripts: podman as it works on the platform's build
# machines: runc (crun refuses their cgroup setup), explicit ulimits, and
# storage under --root/--runroot flags (the storage-config environment variable
# makes every run hang there). AWARD_PODMAN_ROOT moves the storage.
AWARD_PODMAN_ROOT=${AWARD_PODMAN_ROOT:-/var/tmp/award-podman}
podman() {
  command podman --root "$AWARD_PODMAN_ROOT/root" --runroot "$AWARD_PODMAN_ROOT/run" \
    --runtime runc "$@"
}
AWARD_ULIMITS=(--ulimit nofile=20000:20000 --ulimit nproc=32768:32768)
