#!/usr/bin/env bash
# Starts and stops the local cluster's real node: containerd with runc, a kubelet with its own client
# certificate from the cluster's CA, kube-proxy, a CNI bridge, CoreDNS, the cluster's registry and
# its first images, and Traefik as the ingress controller (IngressClass traefik, the default) and
# Gateway API implementation (GatewayClass traefik, Gateway slipway-system/slipway), whose HTTP entry
# point listens on 127.0.0.1 only, at the port in DIR/ports/ingress-http.
# Called by hack/local-cluster.sh (up, node-up, down); not meant to be run alone.
#
#   hack/real-node.sh up DIR KUBECTL [--default]   DIR is the cluster folder
#   hack/real-node.sh down DIR
#
# With --default (a cluster for people, hack/up.sh) the real node takes every pod and the fake node
# is tainted. Without it (the test kit) the real node carries the taint slipway.dev/real-node, and
# only pods of namespaces that ask for it land there:
#
# two annotations read by the PodNodeSelector and PodTolerationRestriction admission plugins that
# local-cluster.sh turns on:
#   scheduler.alpha.kubernetes.io/node-selector: slipway.dev/node=real
#   scheduler.alpha.kubernetes.io/defaultTolerations: '[{"key":"slipway.dev/real-node","operator":"Exists"}]'
#
# One real node per machine: the kubelet and kube-proxy own machine-wide things (iptables chains,
# /var/lib/kubelet/device-plugins, the bridge). Its state lives under /run/slipway-node and
# /var/lib/slipway-node and goes at down, with its processes, mounts, network namespaces, bridge and
# iptables rules.
#
# Network: pods get addresses on the bridge slipway0 (10.88.0.0/16, the host is 10.88.0.1); Service
# ClusterIPs (10.96.0.0/16) are kube-proxy's. A guard chain keeps all of it on this machine: pod
# traffic may go only to other pods and to the host, and nothing may be sent to a ClusterIP that
# kube-proxy did not translate or to the fake node's pod range (10.244.0.0/16), which has no hosts.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cmd=${1:-}
dir=${2:?cluster folder}
node_dir="$dir/node"
run=/run/slipway-node
lib=/var/lib/slipway-node
owner_file=$run/owner

node=slipway-node
bridge=slipway0
pod_cidr=10.88.0.0/16
host_ip=10.88.0.1
service_cidr=10.96.0.0/16
# Where pods reach kube-apiserver: a relay on the host's bridge address (write_ingress_config).
apiserver_relay_port=6443
fake_pod_cidr=10.244.0.0/16
registry_port=5000
# The registry's in-cluster name, the one image references use (manifests/registry and BuildNames).
registry_name=registry.slipway-system.svc:$registry_port

log_name=real-node
# shellcheck source=cluster-lib.sh
. "$here/cluster-lib.sh"

# Certificates of the node's programs, signed by the cluster's CA ($dir/pki, made by local-cluster.sh).
node_pki() {
  [ -f "$dir/pki/kube-proxy.crt" ] && return
  issue_cert kubelet-serving "/CN=$node" "subjectAltName=IP:$host_ip,DNS:$node
extendedKeyUsage=serverAuth"
  issue_cert kubelet-client "/O=system:nodes/CN=system:node:$node" "extendedKeyUsage=clientAuth"
  issue_cert coredns "/CN=system:slipway-coredns" "extendedKeyUsage=clientAuth"
  issue_cert kube-proxy "/CN=system:kube-proxy" "extendedKeyUsage=clientAuth"
}

kubeconfig_for() {
  local user=$1 file="$node_dir/$1.kubeconfig" server
  server=$("$kubectl" config --kubeconfig="$dir/admin.kubeconfig" view -o jsonpath='{.clusters[0].cluster.server}')
  rm -f "$file"
  "$kubectl" config --kubeconfig="$file" set-cluster local --server="$server" \
    --certificate-authority="$dir/pki/ca.crt" --embed-certs >/dev/null
  "$kubectl" config --kubeconfig="$file" set-credentials "$user" --client-certificate="$dir/pki/$user.crt" \
    --client-key="$dir/pki/$user.key" --embed-certs >/dev/null
  "$kubectl" config --kubeconfig="$file" set-context local --cluster=local --user="$user" >/dev/null
  "$kubectl" config --kubeconfig="$file" use-context local >/dev/null
}

guard_rules() {
  local op=$1
  # -w: kube-proxy and the kubelet take the xtables lock too.
  if [ "$op" = -A ]; then
    iptables -w -N SLIPWAY-GUARD 2>/dev/null || iptables -w -F SLIPWAY-GUARD
    iptables -w -A SLIPWAY-GUARD -d "$service_cidr" -j REJECT
    iptables -w -A SLIPWAY-GUARD -d "$fake_pod_cidr" -j REJECT
    iptables -w -A SLIPWAY-GUARD -s "$pod_cidr" -d "$pod_cidr" -j RETURN
    iptables -w -A SLIPWAY-GUARD -s "$pod_cidr" -j REJECT
    iptables -w -I FORWARD 1 -j SLIPWAY-GUARD
    iptables -w -I OUTPUT 1 -j SLIPWAY-GUARD
  else
    while iptables -w -D FORWARD -j SLIPWAY-GUARD 2>/dev/null; do :; done
    while iptables -w -D OUTPUT -j SLIPWAY-GUARD 2>/dev/null; do :; done
    iptables -w -F SLIPWAY-GUARD 2>/dev/null || true
    iptables -w -X SLIPWAY-GUARD 2>/dev/null || true
  fi
}

write_configs() {
  mkdir -p "$node_dir/cni" "$node_dir/certs.d/$registry_name" "$node_dir/pod-logs"
  cat > "$node_dir/containerd.toml" <<EOF
version = 3
root = "$lib/containerd"
state = "$run/containerd"
[grpc]
  address = "$run/containerd.sock"
[ttrpc]
  address = "$run/containerd.sock.ttrpc"
[plugins.'io.containerd.cri.v1.images']
  snapshotter = 'overlayfs'
  [plugins.'io.containerd.cri.v1.images'.pinned_images]
    sandbox = '$registry_name/slipway/pause:$KUBERNETES_VERSION'
  [plugins.'io.containerd.cri.v1.images'.registry]
    config_path = '$node_dir/certs.d'
[plugins.'io.containerd.cri.v1.runtime']
  # Without CAP_SYS_RESOURCE (a VM's root may lack it) a pod cannot ask for an oom_score_adj below
  # containerd's own, and the sandbox fails to start.
  restrict_oom_score_adj = true
  [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc]
    runtime_type = 'io.containerd.runc.v2'
    [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]
      BinaryName = '$(command -v runc)'
      SystemdCgroup = false
  [plugins.'io.containerd.cri.v1.runtime'.cni]
    bin_dirs = ['$node_bin/cni']
    conf_dir = '$node_dir/cni'
[plugins.'io.containerd.grpc.v1.cri']
  stream_server_address = '127.0.0.1'
EOF
  # The registry runs on the host's bridge address; containerd reaches it over plain HTTP under the
  # name that pods resolve through CoreDNS, so one image reference serves the kubelet and the pods.
  cat > "$node_dir/certs.d/$registry_name/hosts.toml" <<EOF
server = "http://$host_ip:$registry_port"
[host."http://$host_ip:$registry_port"]
  capabilities = ["pull", "resolve", "push"]
EOF
  cat > "$node_dir/cni/10-slipway.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "slipway",
  "plugins": [
    {
      "type": "bridge", "bridge": "$bridge", "isGateway": true, "ipMasq": false, "hairpinMode": true,
      "ipam": {
        "type": "host-local", "dataDir": "$lib/cni-ipam",
        "ranges": [[{"subnet": "$pod_cidr", "gateway": "$host_ip"}]],
        "routes": [{"dst": "0.0.0.0/0"}]
      }
    },
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
EOF
  # Pods resolve cluster names only: nothing names a host outside this machine.
  echo "nameserver $host_ip" > "$node_dir/resolv.conf"
  cat > "$node_dir/kubelet.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $host_ip
port: $kubelet_port
readOnlyPort: 0
healthzPort: 0
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $dir/pki/ca.crt}
authorization: {mode: Webhook}
tlsCertFile: $dir/pki/kubelet-serving.crt
tlsPrivateKeyFile: $dir/pki/kubelet-serving.key
containerRuntimeEndpoint: unix://$run/containerd.sock
cgroupDriver: cgroupfs
# Kubernetes 1.34 refuses cgroup v1 unless told otherwise; some machines still have it.
failCgroupV1: false
failSwapOn: false
clusterDomain: cluster.local
clusterDNS: [$host_ip]
resolvConf: $node_dir/resolv.conf
podLogsDir: $node_dir/pod-logs
evictionHard: {memory.available: 100Mi, nodefs.available: 1%, imagefs.available: 1%, nodefs.inodesFree: 1%}
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
makeIPTablesUtilChains: false
maxPods: 60
serializeImagePulls: false
EOF
  [ "$default_node" = true ] || printf 'registerWithTaints:\n- {key: slipway.dev/real-node, effect: NoSchedule}\n' \
    >> "$node_dir/kubelet.yaml"
  cat > "$node_dir/kube-proxy.yaml" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: $node_dir/kube-proxy.kubeconfig}
hostnameOverride: $node
mode: iptables
clusterCIDR: $pod_cidr
bindAddress: 127.0.0.1
healthzBindAddress: 127.0.0.1:$proxy_healthz_port
metricsBindAddress: 127.0.0.1:$proxy_metrics_port
nodePortAddresses: [$host_ip/32]
conntrack: {maxPerCore: 0}
EOF
  cat > "$node_dir/Corefile" <<EOF
.:53 {
  bind $host_ip
  errors
  kubernetes cluster.local in-addr.arpa ip6.arpa {
    kubeconfig $node_dir/coredns.kubeconfig local
    pods insecure
    ttl 5
  }
  cache 5
}
EOF
  cat > "$node_dir/registry.yml" <<EOF
version: 0.1
log: {level: warn}
storage:
  filesystem: {rootdirectory: $registry_data}
  delete: {enabled: true}
http:
  addr: $host_ip:$registry_port
EOF
}

# Traefik reads the API with a ServiceAccount token (its Kubernetes client takes no client
# certificate), kept in a Secret so that it outlives a restart of the node.
write_ingress_config() {
  local token="" server
  for _ in $(seq 1 50); do
    token=$("$kubectl" --kubeconfig="$dir/admin.kubeconfig" -n kube-system get secret slipway-ingress-token \
      -o jsonpath='{.data.token}' 2>/dev/null | base64 -d) && [ -n "$token" ] && break
    sleep 0.2
  done
  [ -n "$token" ] || die "no token for the ingress controller's ServiceAccount"
  server=$("$kubectl" config --kubeconfig="$dir/admin.kubeconfig" view -o jsonpath='{.clusters[0].cluster.server}')
  (umask 077; cat > "$node_dir/traefik.yml" <<EOF
global: {checkNewVersion: false, sendAnonymousUsage: false}
log: {level: WARN}
entryPoints:
  web: {address: "127.0.0.1:$ingress_port"}
  ping: {address: "127.0.0.1:$ingress_ping_port"}
  kube-apiserver: {address: "$host_ip:$apiserver_relay_port"}
ping: {entryPoint: ping}
providers:
  file: {filename: "$node_dir/traefik-relay.yml"}
  kubernetesIngress:
    endpoint: $server
    token: $token
    certAuthFilePath: $dir/pki/ca.crt
    ingressEndpoint: {ip: 127.0.0.1}
  kubernetesGateway:
    endpoint: $server
    token: $token
    certAuthFilePath: $dir/pki/ca.crt
    statusAddress: {ip: 127.0.0.1}
EOF
  )
  # Pods reach kube-apiserver, which listens on 127.0.0.1 only, through the Service kubernetes:
  # kube-proxy sends 10.96.0.1:443 to the host's bridge address, where Traefik passes the TLS
  # connection on untouched (the certificate names 10.96.0.1 and kubernetes.default.svc).
  cat > "$node_dir/traefik-relay.yml" <<EOF
tcp:
  routers:
    kube-apiserver: {entryPoints: [kube-apiserver], rule: "HostSNI(\`*\`)", service: kube-apiserver}
  services:
    kube-apiserver: {loadBalancer: {servers: [{address: "127.0.0.1:$(cat "$dir/ports/apiserver")"}]}}
EOF
}

# The Gateway API beside Ingress, as k3s has it: the standard channel's CRDs, Traefik's GatewayClass,
# and Gateway slipway-system/slipway with one HTTP listener on the web entry point's port (Traefik
# binds a listener to the entry point of the same port), open to routes of every namespace.
gateway_api() {
  "$kubectl" --kubeconfig="$dir/admin.kubeconfig" apply --server-side --field-manager=slipway-local-cluster \
    -f "$("$here/gateway-api-crds.sh")" >/dev/null
  "$kubectl" --kubeconfig="$dir/admin.kubeconfig" wait --for=condition=Established --timeout=30s \
    crd/gatewayclasses.gateway.networking.k8s.io crd/gateways.gateway.networking.k8s.io \
    crd/httproutes.gateway.networking.k8s.io >/dev/null
  "$kubectl" --kubeconfig="$dir/admin.kubeconfig" apply --server-side --field-manager=slipway-local-cluster -f - >/dev/null <<EOF
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: traefik}
spec: {controllerName: traefik.io/gateway-controller}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: slipway, namespace: slipway-system}
spec:
  gatewayClassName: traefik
  listeners:
  - {name: web, protocol: HTTP, port: $ingress_port, allowedRoutes: {namespaces: {from: All}}}
EOF
}

# What the node's programs may do beyond their built-in roles.
node_rbac() {
  "$kubectl" --kubeconfig="$dir/admin.kubeconfig" apply --server-side --field-manager=slipway-local-cluster -f - >/dev/null <<EOF
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: slipway-local:apiserver-kubelet-client}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:kubelet-api-admin}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: kube-apiserver-kubelet-client}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: slipway-local:coredns}
rules:
- {apiGroups: [""], resources: [services, pods, namespaces], verbs: [list, watch]}
- {apiGroups: [discovery.k8s.io], resources: [endpointslices], verbs: [list, watch]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: slipway-local:coredns}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: slipway-local:coredns}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: system:slipway-coredns}]
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: slipway-ingress, namespace: kube-system}
---
apiVersion: v1
kind: Secret
type: kubernetes.io/service-account-token
metadata:
  name: slipway-ingress-token
  namespace: kube-system
  annotations: {kubernetes.io/service-account.name: slipway-ingress}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: slipway-local:ingress}
rules:
- {apiGroups: [""], resources: [services, secrets, nodes], verbs: [get, list, watch]}
- {apiGroups: [discovery.k8s.io], resources: [endpointslices], verbs: [list, watch]}
- {apiGroups: [networking.k8s.io], resources: [ingresses, ingressclasses], verbs: [get, list, watch]}
- {apiGroups: [networking.k8s.io], resources: [ingresses/status], verbs: [update]}
- {apiGroups: [""], resources: [namespaces, configmaps], verbs: [get, list, watch]}
- apiGroups: [gateway.networking.k8s.io]
  resources: [gatewayclasses, gateways, httproutes, grpcroutes, referencegrants, backendtlspolicies, tcproutes, tlsroutes]
  verbs: [get, list, watch]
- apiGroups: [gateway.networking.k8s.io]
  resources: [gatewayclasses/status, gateways/status, httproutes/status, grpcroutes/status, backendtlspolicies/status, tcproutes/status, tlsroutes/status]
  verbs: [update]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: slipway-local:ingress}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: slipway-local:ingress}
subjects: [{kind: ServiceAccount, name: slipway-ingress, namespace: kube-system}]
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: traefik
  annotations: {ingressclass.kubernetes.io/is-default-class: "true"}
spec: {controller: traefik.io/ingress-controller}
---
apiVersion: v1
kind: Namespace
metadata: {name: slipway-system}
---
# The registry is a program on the host; this Service gives it the in-cluster name build pods push to.
apiVersion: v1
kind: Service
metadata: {name: registry, namespace: slipway-system, labels: {app.kubernetes.io/name: registry}}
spec:
  ports: [{name: http, port: $registry_port, targetPort: $registry_port}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: registry-host
  namespace: slipway-system
  labels: {kubernetes.io/service-name: registry, endpointslice.kubernetes.io/managed-by: slipway-local-cluster}
addressType: IPv4
endpoints: [{addresses: [$host_ip], conditions: {ready: true}}]
ports: [{name: http, port: $registry_port, protocol: TCP}]
---
# kube-apiserver publishes no endpoints of its own here (--endpoint-reconciler-type=none): the
# Service kubernetes leads to the relay on the host's bridge address.
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: kubernetes-relay
  namespace: default
  labels: {kubernetes.io/service-name: kubernetes, endpointslice.kubernetes.io/managed-by: slipway-local-cluster}
addressType: IPv4
endpoints: [{addresses: [$host_ip], conditions: {ready: true}}]
ports: [{name: https, port: $apiserver_relay_port, protocol: TCP}]
EOF
}

up() {
  [ "$(id -u)" = 0 ] || die "the real node needs root (containerd, the kubelet and iptables); use --fake-only without it"
  for tool in runc iptables ip; do
    command -v "$tool" >/dev/null || die "$tool is needed (Debian: apt-get install runc iptables iproute2 conntrack)"
  done
  mkdir -p "$run"
  if [ -f "$owner_file" ] && [ "$(cat "$owner_file")" != "$dir" ] && [ -d "$(cat "$owner_file")" ] \
      && kill -0 "$(cat "$(cat "$owner_file")/pids/containerd" 2>/dev/null || echo 0)" 2>/dev/null; then
    die "a real node of the cluster in $(cat "$owner_file") runs; one per machine: stop it with hack/local-cluster.sh down $(cat "$owner_file")"
  fi
  down_node
  mkdir -p "$run" "$lib" "$node_dir" "$dir/pids" "$dir/logs"
  echo "$dir" > "$owner_file"
  node_bin=$("$here/build-cluster-binaries.sh" node)
  ingress_bin=$("$here/build-cluster-binaries.sh" ingress)
  registry_bin=$("$here/build-cluster-binaries.sh" registry)
  registry_data=${SLIPWAY_CACHE:-$HOME/.cache/slipway}/local-registry
  mkdir -p "$registry_data"
  ingress_port=$(free_port ingress-http); ingress_ping_port=$(free_port ingress-ping)
  kubelet_port=$(free_port kubelet)
  proxy_healthz_port=$(free_port proxy-healthz); proxy_metrics_port=$(free_port proxy-metrics)
  node_pki
  write_configs
  kubeconfig_for kubelet-client
  kubeconfig_for kube-proxy
  kubeconfig_for coredns

  # The bridge exists before the kubelet, which serves on its address; the CNI plugin adopts it.
  ip link add "$bridge" type bridge
  ip addr add "$host_ip/16" dev "$bridge"
  ip link set "$bridge" up
  sysctl -qw net.ipv4.ip_forward=1
  # Pod to ClusterIP to a pod on the same bridge needs the bridge's frames seen by iptables.
  [ ! -e /proc/sys/net/bridge/bridge-nf-call-iptables ] || sysctl -qw net.bridge.bridge-nf-call-iptables=1
  guard_rules -A

  start registry "$registry_bin/registry" serve "$node_dir/registry.yml"
  PATH="$node_bin:$PATH" start containerd "$node_bin/containerd" --config "$node_dir/containerd.toml"
  wait_for containerd 30 containerd "$node_bin/ctr" --address "$run/containerd.sock" version
  wait_for "the registry" 30 registry curl -fs "http://$host_ip:$registry_port/v2/"
  "$here/node-images.sh" "$dir" "$node_bin" "$run/containerd.sock" "$registry_name" "$host_ip:$registry_port"
  # What builds need: the build pod's step images and the static and python builders (the rest of
  # the catalog on request: hack/build-images.sh ... go java node ruby). Minutes the first time,
  # then a question to the registry.
  "$here/build-images.sh" "$host_ip:$registry_port" "$registry_name" \
    "$(sed -n 's/^busybox=//p' "$dir/node/images.properties")" git buildkit static python >> "$dir/node/images.properties"

  node_rbac
  start coredns "$node_bin/coredns" -conf "$node_dir/Corefile"
  start kubelet "$node_bin/kubelet" --config="$node_dir/kubelet.yaml" \
    --kubeconfig="$node_dir/kubelet-client.kubeconfig" --hostname-override="$node" --node-ip="$host_ip" \
    --root-dir="$lib/kubelet" --node-labels=slipway.dev/node=real
  start kube-proxy "$node_bin/kube-proxy" --config="$node_dir/kube-proxy.yaml"
  wait_for "the real node to be Ready" 60 kubelet "$kubectl" --kubeconfig="$dir/admin.kubeconfig" \
    wait --for=condition=Ready "node/$node" --timeout=1s
  wait_for "kube-proxy" 30 kube-proxy curl -fs "http://127.0.0.1:$proxy_healthz_port/healthz"
  write_ingress_config
  gateway_api
  start ingress "$ingress_bin/traefik" --configFile="$node_dir/traefik.yml"
  wait_for "the ingress controller" 60 ingress curl -fs "http://127.0.0.1:$ingress_ping_port/ping"
  log "node $node Ready: pods on $bridge ($pod_cidr), registry $registry_name at $host_ip:$registry_port, ingress http://127.0.0.1:$ingress_port"
}

# Every process in the node's pods, found by their cgroups: the kubelet puts them all under kubepods.
kill_pod_processes() {
  local d
  for d in /sys/fs/cgroup/*/kubepods /sys/fs/cgroup/kubepods /sys/fs/cgroup/unified/kubepods; do
    [ -d "$d" ] || continue
    find "$d" -name cgroup.procs -print0 | xargs -0 -r cat 2>/dev/null | xargs -r kill -9 2>/dev/null || true
  done
  sleep 0.2
  for d in /sys/fs/cgroup/*/kubepods /sys/fs/cgroup/kubepods /sys/fs/cgroup/unified/kubepods; do
    [ -d "$d" ] || continue
    find "$d" -depth -type d -exec rmdir {} + 2>/dev/null || true
  done
}

# SIGTERM to all the given components at once, SIGKILL to those left after 5 seconds.
stop_components() {
  local c pids=()
  for c in "$@"; do
    [ -f "$dir/pids/$c" ] || continue
    pids+=("$(cat "$dir/pids/$c")")
    rm -f "$dir/pids/$c"
  done
  [ ${#pids[@]} -gt 0 ] || return 0
  kill "${pids[@]}" 2>/dev/null || true
  local pid alive
  for _ in $(seq 1 50); do
    alive=false
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=true; done
    [ "$alive" = true ] || break
    sleep 0.1
  done
  kill -9 "${pids[@]}" 2>/dev/null || true
}

down_node() {
  local m
  stop_components ingress registry coredns kube-proxy kubelet
  kill_pod_processes
  # The shims of this node's containerd (found by its socket) outlive it unless stopped.
  pkill -9 -f "containerd-shim-runc-v2 .*$run/containerd.sock" 2>/dev/null || true
  stop_components containerd
  # kube-proxy's and the kubelet's chains; CNI's portmap chains; the guard.
  for table in nat filter mangle; do
    iptables -w -t "$table" -S 2>/dev/null | awk '$1=="-A" && $0 ~ /(KUBE-|CNI-)/' | sed 's/^-A/-D/' \
      | while read -r rule; do eval "iptables -w -t $table $rule" 2>/dev/null || true; done
    iptables -w -t "$table" -S 2>/dev/null | awk '$1=="-N" && $2 ~ /^(KUBE-|CNI-)/ {print $2}' \
      | while read -r chain; do iptables -w -t "$table" -F "$chain" 2>/dev/null || true; done
    iptables -w -t "$table" -S 2>/dev/null | awk '$1=="-N" && $2 ~ /^(KUBE-|CNI-)/ {print $2}' \
      | while read -r chain; do iptables -w -t "$table" -X "$chain" 2>/dev/null || true; done
  done
  command -v iptables >/dev/null && guard_rules -D
  # Mounts of pods and snapshots, innermost first.
  awk -v a="$run" -v b="$lib" -v c="/var/lib/kubelet" '$2 ~ "^(" a "|" b "|" c ")(/|$)" {print $2}' /proc/mounts \
    | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
  # Network namespaces of pods whose sandboxes were not torn down.
  for m in /run/netns/cni-*; do
    [ -e "$m" ] || continue
    umount -l "$m" 2>/dev/null || true
    rm -f "$m"
  done
  ip link delete "$bridge" 2>/dev/null || true
  rm -rf "$run" "$lib" /var/lib/kubelet /var/lib/cni /var/log/containers "$node_dir"
  rm -f "$dir"/ports/{ingress-http,ingress-ping,kubelet,proxy-healthz,proxy-metrics}
}

case "$cmd" in
  up)
    kubectl=${3:?kubectl}
    default_node=false
    [ "${4:-}" != --default ] || default_node=true
    # shellcheck source=versions.env
    . "$here/versions.env"
    up ;;
  down) down_node ;;
  *) echo "usage: $0 up DIR KUBECTL [--default] | down DIR" >&2; exit 2 ;;
esac
