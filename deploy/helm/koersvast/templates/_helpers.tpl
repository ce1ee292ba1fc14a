{{- define "koersvast.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "koersvast.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "koersvast.labels" -}}
app.kubernetes.io/name: {{ include "koersvast.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "koersvast.selector" -}}
app.kubernetes.io/name: {{ include "koersvast.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "koersvast.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{- define "koersvast.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "koersvast.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "koersvast.secretName" -}}
{{- default (printf "%s-secrets" (include "koersvast.fullname" .)) .Values.existingSecret -}}
{{- end -}}

{{/* Environment of every container: settings from the ConfigMap, secrets from the Secret, and
the pod's own address among the allowed hosts (kubelet probes and Prometheus send it as Host). */}}
{{- define "koersvast.env" -}}
envFrom:
  - configMapRef:
      name: {{ include "koersvast.fullname" . }}-config
  - secretRef:
      name: {{ include "koersvast.secretName" . }}
env:
  - name: POD_IP
    valueFrom:
      fieldRef:
        fieldPath: status.podIP
  - name: ALLOWED_HOSTS
    value: {{ printf "%s,$(POD_IP)" (join "," .Values.hosts) | quote }}
{{- end -}}

{{/* Writable places on a read-only root: /tmp, and the metrics directory shared by gunicorn's
workers (PROMETHEUS_MULTIPROC_DIR). */}}
{{- define "koersvast.volumeMounts" -}}
volumeMounts:
  - name: tmp
    mountPath: /tmp
  - name: metrics
    mountPath: /run/koersvast-metrics
{{- end -}}

{{- define "koersvast.volumes" -}}
volumes:
  - name: tmp
    emptyDir:
      sizeLimit: 1Gi
  - name: metrics
    emptyDir:
      medium: Memory
      sizeLimit: 64Mi
{{- end -}}

{{- define "koersvast.podSpecCommon" -}}
serviceAccountName: {{ include "koersvast.serviceAccountName" . }}
automountServiceAccountToken: false
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{- define "koersvast.origins" -}}
{{- $origins := list -}}
{{- range .Values.hosts -}}
{{- $origins = append $origins (printf "https://%s" .) -}}
{{- end -}}
{{- join "," $origins -}}
{{- end -}}
