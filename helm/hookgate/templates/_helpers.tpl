{{/* Names and labels. */}}
{{- define "hookgate.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "hookgate.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "hookgate.selectorLabels" -}}
app.kubernetes.io/name: {{ include "hookgate.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "hookgate.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "hookgate.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: hookgate
{{- end }}

{{- define "hookgate.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "hookgate.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "hookgate.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{- define "hookgate.migratorImage" -}}
{{- if .Values.migrations.image.digest }}
{{- printf "%s@%s" .Values.migrations.image.repository .Values.migrations.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.migrations.image.repository (default (default .Chart.AppVersion .Values.image.tag) .Values.migrations.image.tag) }}
{{- end }}
{{- end }}

{{/*
The migrator container (migrator/): Flyway migrates the schema, holding PostgreSQL's advisory lock (a second migrator
waits, then finds nothing to do), and the process exits. The pre-install/pre-upgrade Job's container, or each pod's
init container (migrations.atStart). The same database env as hookgate: it reads DB_URL, DB_USERNAME, DB_PASSWORD,
and with a CA the JDBC URL with sslrootcert.
*/}}
{{- define "hookgate.migratorContainer" -}}
- name: migrate
  image: {{ include "hookgate.migratorImage" . }}
  imagePullPolicy: {{ .Values.image.pullPolicy }}
  {{- if eq .Values.image.flavor "native" }}
  args:
    - -Xmx{{ .Values.migrations.heapMiB }}m
  {{- end }}
  env:
    {{- include "hookgate.databaseEnv" . | nindent 4 }}
    {{- if eq .Values.image.flavor "jvm" }}
    - name: JAVA_MAX_MEM_RATIO
      value: {{ .Values.heap.percentOfLimit | quote }}
    {{- end }}
  resources:
    {{- toYaml .Values.migrations.resources | nindent 4 }}
  securityContext:
    {{- include "hookgate.containerSecurityContext" . | nindent 4 }}
  volumeMounts:
    - name: tmp
      mountPath: /tmp
    {{- include "hookgate.databaseCaMount" . | nindent 4 }}
{{- end -}}

{{/* The URL providers call, without /webhooks. */}}
{{- define "hookgate.publicBaseUrl" -}}
{{- if .Values.publicBaseUrl }}
{{- .Values.publicBaseUrl | trimSuffix "/" }}
{{- else if and .Values.ingress.enabled .Values.ingress.host }}
{{- printf "%s://%s" (ternary "https" "http" .Values.ingress.tls.enabled) .Values.ingress.host }}
{{- end }}
{{- end }}

{{/* Sources: the env var that carries a source's secrets, and the Secret the chart creates for inline values. */}}
{{- define "hookgate.sourceSecretEnv" -}}
{{- printf "HOOKGATE_SOURCE_%s_SECRETS" (. | upper | replace "-" "_") }}
{{- end }}

{{- define "hookgate.sourcesSecretName" -}}
{{- printf "%s-sources" (include "hookgate.fullname" .) }}
{{- end }}

{{- define "hookgate.hasInlineSourceSecrets" -}}
{{- range $name, $source := .Values.sources }}
{{- if and $source.secret $source.secret.value }}true{{ end }}
{{- if and (include "hookgate.reconciles" $source) $source.reconcile.token.value }}true{{ end }}
{{- end }}
{{- range $name, $route := .Values.routes }}
{{- if and $route.signingSecret $route.signingSecret.value }}true{{ end }}
{{- range $header, $secret := $route.secretHeaders }}{{ if $secret.value }}true{{ end }}{{ end }}
{{- end }}
{{- end }}

{{/*
Routes (routes.<name>): the env vars that carry a route's signing secret and its secret headers, referenced as ${...}
by the properties file, and their keys in the chart's Secret for inline values (route.<name>...: source names have no
dots, so they never collide with a source's keys). The header helpers take (list <route> <header>).
*/}}
{{- define "hookgate.routeSigningSecretEnv" -}}
{{- printf "HOOKGATE_ROUTE_%s_SIGNING_SECRET" (. | upper | replace "-" "_") }}
{{- end }}

{{- define "hookgate.routeSigningSecretKey" -}}
{{- printf "route.%s.signing-secret" . }}
{{- end }}

{{- define "hookgate.routeHeaderEnv" -}}
{{- printf "HOOKGATE_ROUTE_%s_HEADER_%s" (index . 0 | upper | replace "-" "_") (index . 1 | upper | replace "-" "_") }}
{{- end }}

{{- define "hookgate.routeHeaderKey" -}}
{{- printf "route.%s.header.%s" (index . 0) (index . 1) }}
{{- end }}

{{/* A route's secretKeyRef (signingSecret or a secretHeaders entry): (list <secret value> <key in the chart's Secret> $). */}}
{{- define "hookgate.routeSecretKeyRef" -}}
{{- $secret := index . 0 }}
{{- if $secret.existingSecret }}
name: {{ $secret.existingSecret }}
key: {{ $secret.key }}
{{- else }}
name: {{ include "hookgate.sourcesSecretName" (index . 2) }}
key: {{ index . 1 }}
{{- end }}
{{- end }}

{{/*
The egress ports of the routes' HTTP destinations, as a JSON list: networkPolicy.egress.routes.ports, else each URL's
port (443 for https://, 80 for http://, unless the URL names one); empty without an HTTP destination.
*/}}
{{- define "hookgate.routeEgressPorts" -}}
{{- $ports := list }}
{{- range $name, $route := .Values.routes }}
{{- if regexMatch "^https?://" (toString $route.destination) }}
{{- $url := urlParse $route.destination }}
{{- $port := trimPrefix ":" (regexFind ":[0-9]+$" $url.host) }}
{{- $ports = append $ports (int (default (ternary "443" "80" (eq $url.scheme "https")) $port)) }}
{{- end }}
{{- end }}
{{- if and $ports .Values.networkPolicy.egress.routes.ports }}
{{- $ports = .Values.networkPolicy.egress.routes.ports }}
{{- end }}
{{- toJson ($ports | uniq) }}
{{- end }}

{{/*
Reconciliation (sources.<name>.reconcile): "true" when the source has it enabled; the env var that carries its API
token, referenced as ${...} by the properties file; and the token's key in the chart's Secret for inline values (source
names have no dots, so it never collides with a source's own key).
*/}}
{{- define "hookgate.reconciles" -}}
{{- if and .reconcile .reconcile.enabled }}true{{ end }}
{{- end }}

{{- define "hookgate.reconcileTokenEnv" -}}
{{- printf "HOOKGATE_SOURCE_%s_RECONCILE_TOKEN" (. | upper | replace "-" "_") }}
{{- end }}

{{- define "hookgate.reconcileTokenKey" -}}
{{- printf "%s.reconcile-token" . }}
{{- end }}

{{- define "hookgate.hasReconcilingSources" -}}
{{- range $name, $source := .Values.sources }}
{{- if include "hookgate.reconciles" $source }}true{{ end }}
{{- end }}
{{- end }}

{{- define "hookgate.adminSecretName" -}}
{{- default (printf "%s-admin" (include "hookgate.fullname" .)) .Values.admin.existingSecret }}
{{- end }}

{{- define "hookgate.adminSecretKey" -}}
{{- if .Values.admin.existingSecret }}{{ .Values.admin.existingSecretKey }}{{ else }}token{{ end }}
{{- end }}

{{/* Per-source value keys → hookgate.sources.<name>.<key>. */}}
{{- define "hookgate.sourceKeys" -}}
tolerance: tolerance
maxBodySize: max-body-size
address: address
publicUrl: public-url
idHeader: id-header
idJsonPointer: id-json-pointer
typeHeader: type-header
typeJsonPointer: type-json-pointer
header: header
algorithm: algorithm
encoding: encoding
prefix: prefix
signedContent: signed-content
timestampHeader: timestamp-header
{{- end }}

{{/* Per-route value keys → hookgate.routes.<name>.<key> (source, types, filter and the secrets are written apart). */}}
{{- define "hookgate.routeKeys" -}}
destination: destination
timeout: timeout
rateLimit: rate-limit
concurrency: concurrency
{{- end }}

{{/* Per-route retry and circuit value keys → hookgate.routes.<name>.retry.<key> and .circuit.<key>. */}}
{{- define "hookgate.routeRetryKeys" -}}
attempts: attempts
backoffInitial: backoff-initial
backoffMax: backoff-max
maxAge: max-age
maxRetryAfter: max-retry-after
{{- end }}

{{- define "hookgate.routeCircuitKeys" -}}
failures: failures
openFor: open-for
{{- end }}

{{/* Per-source reconcile value keys → hookgate.sources.<name>.reconcile.<key> (enabled and token are written apart). */}}
{{- define "hookgate.reconcileKeys" -}}
githubHook: github-hook
interval: interval
lookback: lookback
apiUrl: api-url
eventTypes: event-types
{{- end }}

{{/* The properties file mounted at /etc/hookgate: sources and routes (secrets only as ${ENV} references) and extra config. */}}
{{- define "hookgate.properties" -}}
# Rendered by the hookgate chart. Secrets are never written here: they are ${ENV} references to Secret-backed env vars.
{{- $keys := include "hookgate.sourceKeys" . | fromYaml }}
{{- $reconcileKeys := include "hookgate.reconcileKeys" . | fromYaml }}
{{- range $name, $source := .Values.sources }}
hookgate.sources.{{ $name }}.scheme={{ $source.scheme }}
{{- if ne $source.scheme "none" }}
hookgate.sources.{{ $name }}.secrets=${ {{- include "hookgate.sourceSecretEnv" $name -}} }
{{- end }}
{{- range $key, $property := $keys }}
{{- if hasKey $source $key }}
hookgate.sources.{{ $name }}.{{ $property }}={{ include "hookgate.propertyValue" (index $source $key) }}
{{- end }}
{{- end }}
{{- if include "hookgate.reconciles" $source }}
hookgate.sources.{{ $name }}.reconcile.enabled=true
hookgate.sources.{{ $name }}.reconcile.token=${ {{- include "hookgate.reconcileTokenEnv" $name -}} }
{{- range $key, $property := $reconcileKeys }}
{{- if hasKey $source.reconcile $key }}
hookgate.sources.{{ $name }}.reconcile.{{ $property }}={{ include "hookgate.propertyValue" (index $source.reconcile $key) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- $routeKeys := include "hookgate.routeKeys" . | fromYaml }}
{{- $nested := dict "retry" (include "hookgate.routeRetryKeys" . | fromYaml) "circuit" (include "hookgate.routeCircuitKeys" . | fromYaml) }}
{{- range $name, $route := .Values.routes }}
{{- if not (hasKey $.Values.sources $route.source) }}
{{- fail (printf "routes.%s.source: no source %q in sources" $name $route.source) }}
{{- end }}
hookgate.routes.{{ $name }}.source={{ $route.source }}
{{- with $route.types }}
hookgate.routes.{{ $name }}.types={{ include "hookgate.propertyValue" . }}
{{- end }}
{{- if hasKey $route "filter" }}
{{- /* A YAML filter is written as compact JSON, a string as given. */}}
hookgate.routes.{{ $name }}.filter={{ include "hookgate.propertyValue" (ternary (toJson $route.filter) $route.filter (kindIs "map" $route.filter)) }}
{{- end }}
{{- range $key, $property := $routeKeys }}
{{- if hasKey $route $key }}
hookgate.routes.{{ $name }}.{{ $property }}={{ include "hookgate.propertyValue" (index $route $key) }}
{{- end }}
{{- end }}
{{- range $group, $keys := $nested }}
{{- $values := index $route $group | default dict }}
{{- range $key, $property := $keys }}
{{- if hasKey $values $key }}
hookgate.routes.{{ $name }}.{{ $group }}.{{ $property }}={{ include "hookgate.propertyValue" (index $values $key) }}
{{- end }}
{{- end }}
{{- end }}
{{- if $route.signingSecret }}
hookgate.routes.{{ $name }}.signing-secret=${ {{- include "hookgate.routeSigningSecretEnv" $name -}} }
{{- end }}
{{- range $header, $value := $route.headers }}
{{- if hasKey (default dict $route.secretHeaders) $header }}
{{- fail (printf "routes.%s: header %s is in both headers and secretHeaders" $name $header) }}
{{- end }}
hookgate.routes.{{ $name }}.headers.{{ $header }}={{ include "hookgate.propertyValue" $value }}
{{- end }}
{{- range $header, $secret := $route.secretHeaders }}
hookgate.routes.{{ $name }}.headers.{{ $header }}=${ {{- include "hookgate.routeHeaderEnv" (list $name $header) -}} }
{{- end }}
{{- end }}
{{- with .Values.broker.addressPrefix }}
hookgate.publish.address-prefix={{ include "hookgate.propertyValue" . }}
{{- end }}
{{- if eq (.Values.broker.declare | default "queue") "none" }}
hookgate.publish.declare=none
{{- end }}
{{- range $key, $value := .Values.config }}
{{ $key }}={{ include "hookgate.propertyValue" $value }}
{{- end }}
{{- end }}

{{/* A text folded onto one line (an alert's description written as a raw string), quoted for YAML. */}}
{{- define "hookgate.oneLine" -}}
{{- regexReplaceAll "\\s+" (trim .) " " | quote }}
{{- end }}

{{/* A value in a .properties file: backslashes and line breaks escaped. */}}
{{- define "hookgate.propertyValue" -}}
{{- if kindIs "slice" . }}{{ join "," . | replace "\\" "\\\\" | replace "\n" "\\n" }}{{ else }}
{{- toString . | replace "\\" "\\\\" | replace "\n" "\\n" }}{{ end }}
{{- end }}

{{/*
resources.limits.memory in MiB (a Kubernetes quantity: 512Mi, 1Gi, 1.5G, 536870912, ...).
*/}}
{{- define "hookgate.memoryLimitMiB" -}}
{{- $q := toString .Values.resources.limits.memory -}}
{{- $perUnit := dict "Ki" 0.0009765625 "Mi" 1.0 "Gi" 1024.0 "Ti" 1048576.0 "k" 0.00095367431640625 "M" 0.95367431640625 "G" 953.67431640625 "T" 976562.5 -}}
{{- $mib := -1.0 -}}
{{- range $unit := list "Ki" "Mi" "Gi" "Ti" "k" "M" "G" "T" -}}
{{- if and (lt $mib 0.0) (hasSuffix $unit $q) -}}
{{- $mib = mulf (float64 (trimSuffix $unit $q)) (get $perUnit $unit) -}}
{{- end -}}
{{- end -}}
{{- if lt $mib 0.0 -}}
{{- $mib = divf (float64 $q) 1048576.0 -}}
{{- end -}}
{{- $mib -}}
{{- end -}}

{{/*
The maximum heap in MiB: heap.percentOfLimit of the memory limit. The native executable gets it as -Xmx, because its
container detection may be off (the test toolchain's always is) and it would size its heap from the node's memory.
*/}}
{{- define "hookgate.heapMiB" -}}
{{- $heap := floor (divf (mulf (float64 (include "hookgate.memoryLimitMiB" .)) (float64 .Values.heap.percentOfLimit)) 100.0) | int -}}
{{- if lt $heap 32 -}}
{{- fail (printf "heap.percentOfLimit (%v %%) of resources.limits.memory (%v) leaves %d MiB of heap; hookgate needs at least 32" .Values.heap.percentOfLimit .Values.resources.limits.memory $heap) -}}
{{- end -}}
{{- $heap -}}
{{- end -}}

{{/*
PostgreSQL: the Secret the password comes from (existingSecret, or the one the chart creates for database.password),
and the checks that refuse an install without one. There is no fallback password.
*/}}
{{- define "hookgate.databaseSecretName" -}}
{{- if .Values.database.existingSecret }}
{{- .Values.database.existingSecret }}
{{- else if .Values.database.password }}
{{- printf "%s-db" (include "hookgate.fullname" .) }}
{{- else }}
{{- fail "database: no password given. Set database.existingSecret (a Secret with the keys of database.keys: host, port, dbname, username, password) or database.password (with database.host); the chart has no default password." }}
{{- end }}
{{- end }}

{{- define "hookgate.databaseTlsEnabled" -}}
{{- if .Values.database.tls.enabled }}true{{ end }}
{{- end }}

{{/* The sslmode of the connection URL: database.tls.mode, or disable when TLS is switched off. */}}
{{- define "hookgate.databaseSslMode" -}}
{{- if include "hookgate.databaseTlsEnabled" . }}{{ .Values.database.tls.mode }}{{ else }}disable{{ end }}
{{- end }}

{{- define "hookgate.databaseCa" -}}
{{- $ca := .Values.database.tls.ca }}
{{- if and (include "hookgate.databaseTlsEnabled" .) (or $ca.secretName $ca.configMapName) }}true{{ end }}
{{- end }}

{{- define "hookgate.databaseCaPath" -}}
{{- printf "/etc/hookgate-tls/database/%s" .Values.database.tls.ca.key }}
{{- end }}

{{/* The URL query: sslmode first, then database.params (an sslmode there must agree with database.tls). */}}
{{- define "hookgate.databaseQuery" -}}
{{- $sslmode := include "hookgate.databaseSslMode" . }}
{{- $params := list }}
{{- range $param := splitList "&" .Values.database.params }}
{{- if hasPrefix "sslmode=" $param }}
{{- if ne $param (printf "sslmode=%s" $sslmode) }}
{{- fail (printf "database.params sets %s but database.tls makes it sslmode=%s: set database.tls.mode (or database.tls.enabled=false) instead" $param $sslmode) }}
{{- end }}
{{- else if $param }}
{{- $params = append $params $param }}
{{- end }}
{{- end }}
{{- join "&" (prepend $params (printf "sslmode=%s" $sslmode)) }}
{{- end }}

{{/*
PostgreSQL connection env; DB_URL is composed from the parts by the kubelet. Shared by the Deployment and the
migration Job. TLS: sslmode in the URL (read by both the reactive client and Flyway's JDBC driver), the reactive
client's trust (the CA, or trust-all for require without a CA: libpq's require), and, with a CA, a JDBC URL of its
own that adds sslrootcert (the reactive client would send an unknown URL parameter to the server).
*/}}
{{- define "hookgate.databaseEnv" -}}
{{- $secret := include "hookgate.databaseSecretName" . }}
{{- $tls := include "hookgate.databaseTlsEnabled" . }}
{{- $ca := include "hookgate.databaseCa" . }}
{{- if and $tls (has .Values.database.tls.mode (list "verify-ca" "verify-full")) (not $ca) }}
{{- fail (printf "database.tls.mode=%s checks the server's certificate against a CA: set database.tls.ca.secretName or database.tls.ca.configMapName" .Values.database.tls.mode) }}
{{- end }}
{{- if and .Values.database.password (not .Values.database.existingSecret) }}
{{- if not .Values.database.host }}
{{- fail "database.password is set but database.host is empty: give the host too (or use database.existingSecret)" }}
{{- end }}
{{- if not .Values.migrations.atStart }}
{{- fail "database.password cannot be used with migrations.atStart=false: the migration hook Job runs before the chart's Secret exists. Use database.existingSecret." }}
{{- end }}
- name: DB_HOST
  value: {{ .Values.database.host | quote }}
- name: DB_PORT
  value: {{ .Values.database.port | toString | quote }}
- name: DB_NAME
  value: {{ .Values.database.dbname | quote }}
{{- else }}
- name: DB_HOST
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ .Values.database.keys.host }}
- name: DB_PORT
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ .Values.database.keys.port }}
- name: DB_NAME
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ .Values.database.keys.dbname }}
{{- end }}
- name: DB_URL
  value: {{ printf "postgresql://$(DB_HOST):$(DB_PORT)/$(DB_NAME)?%s" (include "hookgate.databaseQuery" .) | quote }}
{{- if and .Values.database.password (not .Values.database.existingSecret) }}
- name: DB_USERNAME
  value: {{ .Values.database.username | quote }}
- name: DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: password
{{- else }}
- name: DB_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ .Values.database.keys.username }}
- name: DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ .Values.database.keys.password }}
{{- end }}
- name: QUARKUS_DATASOURCE_REACTIVE_POSTGRESQL_SSL_MODE
  value: {{ include "hookgate.databaseSslMode" . | quote }}
{{- if $ca }}
- name: QUARKUS_DATASOURCE_REACTIVE_TRUST_CERTIFICATE_PEM
  value: "true"
- name: QUARKUS_DATASOURCE_REACTIVE_TRUST_CERTIFICATE_PEM_CERTS
  value: {{ include "hookgate.databaseCaPath" . | quote }}
- name: QUARKUS_DATASOURCE_JDBC_URL
  value: {{ printf "jdbc:$(DB_URL)&sslrootcert=%s" (include "hookgate.databaseCaPath" .) | quote }}
{{- else if $tls }}
# sslmode=require without a CA: encrypted, the certificate not checked (the JDBC driver does the same).
- name: QUARKUS_DATASOURCE_REACTIVE_TRUST_ALL
  value: "true"
{{- end }}
{{- if and $tls (eq .Values.database.tls.mode "verify-full") }}
- name: QUARKUS_DATASOURCE_REACTIVE_HOSTNAME_VERIFICATION_ALGORITHM
  value: HTTPS
{{- end }}
{{- end -}}

{{/* The database CA's volume and mount (database.tls.ca), for the Deployment and the migration Job. */}}
{{- define "hookgate.databaseCaVolume" -}}
{{- if include "hookgate.databaseCa" . }}
- name: database-ca
  {{- if .Values.database.tls.ca.secretName }}
  secret:
    secretName: {{ .Values.database.tls.ca.secretName }}
  {{- else }}
  configMap:
    name: {{ .Values.database.tls.ca.configMapName }}
  {{- end }}
    items:
      - key: {{ .Values.database.tls.ca.key }}
        path: {{ .Values.database.tls.ca.key }}
{{- end }}
{{- end -}}

{{- define "hookgate.databaseCaMount" -}}
{{- if include "hookgate.databaseCa" . }}
- name: database-ca
  mountPath: /etc/hookgate-tls/database
  readOnly: true
{{- end }}
{{- end -}}

{{/* The broker: TLS (broker.tls.enabled, or the deprecated broker.useSsl when set) and its trust store. */}}
{{- define "hookgate.brokerTlsEnabled" -}}
{{- if kindIs "invalid" .Values.broker.useSsl }}
{{- if .Values.broker.tls.enabled }}true{{ end }}
{{- else if .Values.broker.useSsl }}true{{ end }}
{{- end }}

{{- define "hookgate.brokerTrustStore" -}}
{{- if and (include "hookgate.brokerTlsEnabled" .) .Values.broker.tls.trustStore.secretName }}true{{ end }}
{{- end }}

{{/* JVM system properties that hand the broker's trust store to hookgate (args of the native executable, or
JAVA_TOOL_OPTIONS of the JVM). */}}
{{- define "hookgate.brokerTrustStoreProperties" -}}
{{- $store := .Values.broker.tls.trustStore }}
{{- $props := list (printf "-Djavax.net.ssl.trustStore=/etc/hookgate-tls/broker/%s" $store.key) "-Djavax.net.ssl.trustStoreType=PKCS12" }}
{{- if $store.passwordKey }}
{{- $props = append $props "-Djavax.net.ssl.trustStorePassword=$(AMQP_TRUST_STORE_PASSWORD)" }}
{{- end }}
{{- toJson $props }}
{{- end }}

{{/*
The container securityContext, shared by the Deployment and the migration Job.
*/}}
{{- define "hookgate.containerSecurityContext" -}}
runAsNonRoot: true
readOnlyRootFilesystem: true
allowPrivilegeEscalation: false
privileged: false
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* A duration in the chart's form (500ms, 30s, 5m, 1h, 3d) in whole seconds. */}}
{{- define "hookgate.durationSeconds" -}}
{{- $d := toString . -}}
{{- $n := regexFind "^[0-9]+" $d -}}
{{- $unit := trimPrefix $n $d -}}
{{- if eq $unit "ms" -}}
{{- div (int64 $n) 1000 -}}
{{- else -}}
{{- mul (int64 $n) (get (dict "s" 1 "m" 60 "h" 3600 "d" 86400) $unit) -}}
{{- end -}}
{{- end -}}

{{/* Seconds as a PromQL duration in the largest unit that divides them: 10800 → 3h, 5400 → 90m. */}}
{{- define "hookgate.promDuration" -}}
{{- $s := int64 . -}}
{{- if eq (mod $s 86400) 0 -}}{{ div $s 86400 }}d
{{- else if eq (mod $s 3600) 0 -}}{{ div $s 3600 }}h
{{- else if eq (mod $s 60) 0 -}}{{ div $s 60 }}m
{{- else -}}{{ $s }}s
{{- end -}}
{{- end -}}

{{/* A source's RabbitMQ queue: its address without hookgate.publish.address-prefix ({"name": ..., "source": ...}). */}}
{{- define "hookgate.rabbitmqQueues" -}}
{{- $queues := list }}
{{- range $name, $source := .Values.sources }}
{{- $queues = append $queues (dict "source" $name "queue" ($source.address | default (printf "webhooks.%s" $name))) }}
{{- end }}
{{- toJson $queues }}
{{- end }}
