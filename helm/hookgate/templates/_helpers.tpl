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

{{/* The properties file mounted at /etc/hookgate: sources (secrets only as ${ENV} references) and extra config. */}}
{{- define "hookgate.properties" -}}
# Rendered by the hookgate chart. Secrets are never written here: they are ${ENV} references to Secret-backed env vars.
{{- $keys := include "hookgate.sourceKeys" . | fromYaml }}
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
{{- end }}
{{- with .Values.broker.addressPrefix }}
hookgate.publish.address-prefix={{ include "hookgate.propertyValue" . }}
{{- end }}
{{- range $key, $value := .Values.config }}
{{ $key }}={{ include "hookgate.propertyValue" $value }}
{{- end }}
{{- end }}

{{/* A value in a .properties file: backslashes and line breaks escaped. */}}
{{- define "hookgate.propertyValue" -}}
{{- toString . | replace "\\" "\\\\" | replace "\n" "\\n" }}
{{- end }}
