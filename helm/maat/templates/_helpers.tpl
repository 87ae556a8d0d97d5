{{/* The chart's name, or nameOverride. */}}
{{- define "maat.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's full name: the prefix of every object's name. */}}
{{- define "maat.fullname" -}}
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

{{- define "maat.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels on every object, besides its selector labels. */}}
{{- define "maat.labels" -}}
helm.sh/chart: {{ include "maat.chart" . }}
app.kubernetes.io/part-of: maat
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "maat.coordinator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "maat.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: coordinator
{{- end }}

{{- define "maat.worker.selectorLabels" -}}
app.kubernetes.io/name: {{ include "maat.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: worker
{{- end }}

{{- define "maat.nats.selectorLabels" -}}
app.kubernetes.io/name: nats
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: nats
{{- end }}

{{- define "maat.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "maat.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "maat.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end }}

{{/* MAAT_NATS_URL: this release's nats-server, or nats.url. */}}
{{- define "maat.natsUrl" -}}
{{- if .Values.nats.enabled }}
{{- printf "nats://%s-nats:4222" (include "maat.fullname" .) }}
{{- else if .Values.nats.url }}
{{- .Values.nats.url }}
{{- else }}
{{- fail "nats.url is required when nats.enabled is false" }}
{{- end }}
{{- end }}

{{/* "true" on OpenShift (openshift: true, or auto and the cluster serves security.openshift.io/v1), else empty. */}}
{{- define "maat.openshift" -}}
{{- if eq (toString .Values.openshift) "auto" }}
{{- if .Capabilities.APIVersions.Has "security.openshift.io/v1" }}true{{ end }}
{{- else if eq (toString .Values.openshift) "true" }}true
{{- end }}
{{- end }}

{{/*
The pods' security context. OpenShift's restricted SCC assigns the UID and fsGroup; elsewhere
pods run as fixedUid, since runAsNonRoot refuses an image whose user is root (nats).
*/}}
{{- define "maat.podSecurityContext" -}}
runAsNonRoot: true
{{- if and (not (include "maat.openshift" .)) .Values.fixedUid }}
runAsUser: {{ .Values.fixedUid }}
runAsGroup: {{ .Values.fixedUid }}
fsGroup: {{ .Values.fixedUid }}
fsGroupChangePolicy: OnRootMismatch
{{- end }}
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* Every container's security context: what OpenShift's restricted SCC accepts. */}}
{{- define "maat.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* Prometheus scrape annotations for a pod serving /metrics on the given port. */}}
{{- define "maat.scrapeAnnotations" -}}
prometheus.io/scrape: "true"
prometheus.io/port: {{ . | quote }}
prometheus.io/path: /metrics
{{- end }}
