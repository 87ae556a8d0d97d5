import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { blockProblem, defines, hasPath, placeholder, stripGoTemplate, valuesReferences } from "./go-template-text.js";

describe("Helm templates as text", () => {
  it("drops action-only lines and turns inline actions into placeholders", () => {
    const text = [
      "{{- if .Values.a.enabled }}",
      "{{/* a comment",
      "   over two lines */}}",
      "kind: Deployment",
      "metadata:",
      "  name: {{ include \"maat.fullname\" . }}-worker",
      "  labels:",
      "    {{- include \"maat.labels\" . | nindent 4 }}",
      "spec:",
      "  replicas: {{ .Values.worker.replicas }}",
      "  image: \"{{ .Values.image.repository }}:{{ .Values.image.tag | default \"x\" }}\"",
      "{{- end }}",
    ].join("\n");
    const doc = parse(stripGoTemplate(text)) as Record<string, Record<string, unknown>>;
    expect(doc.kind).toBe("Deployment");
    expect(doc.metadata.name).toBe("«include maat.fullname .»-worker");
    expect(doc.metadata.labels).toBeNull();
    expect(doc.spec.replicas).toBe("«.Values.worker.replicas»");
    expect(doc.spec.image).toBe("«.Values.image.repository»:«.Values.image.tag default x»");
  });

  it("keeps both branches of an if/else", () => {
    const text = "env:\n  {{- if .Values.t }}\n  value: {{ .Values.t | quote }}\n  {{- else }}\n  valueFrom: {}\n  {{- end }}\n";
    expect(parse(stripGoTemplate(text))).toEqual({ env: { value: "«.Values.t quote»", valueFrom: {} } });
  });

  it("names an action's words only", () => {
    expect(placeholder(" .Values.coordinator.port ")).toBe("«.Values.coordinator.port»");
    expect(placeholder("- printf \"%s-data\" (include \"maat.fullname\" .)")).toBe("«printf s data include maat.fullname .»");
  });

  it("finds .Values paths and checks them against values", () => {
    const refs = valuesReferences("{{ .Values.a.b }} {{ $.Values.c }} {{ (.Values.d.e) }} {{ .Chart.Values }} {{ x.Values.y }}");
    expect(refs).toEqual([["a", "b"], ["c"], ["d", "e"]]);
    const values = { a: { b: null }, c: 1, d: {} };
    expect(hasPath(values, ["a", "b"])).toBe(true);
    expect(hasPath(values, ["c"])).toBe(true);
    expect(hasPath(values, ["d", "e"])).toBe(false);
    expect(hasPath(values, ["a", "b", "c"])).toBe(false);
  });

  it("reads define blocks with nested ifs", () => {
    const text = [
      "{{/* one */}}",
      "{{- define \"one\" -}}",
      "a: 1",
      "{{- if .x }}",
      "b: 2",
      "{{- end }}",
      "{{- end }}",
      "",
      "{{- define \"two\" -}}",
      "c: {{ if .y }}3{{ end }}",
      "{{- end }}",
    ].join("\n");
    const found = defines(text);
    expect([...found.keys()]).toEqual(["one", "two"]);
    expect(found.get("one")).toBe("\na: 1\n{{- if .x }}\nb: 2\n{{- end }}\n");
    expect(found.get("two")).toBe("\nc: {{ if .y }}3{{ end }}\n");
  });

  it("finds blocks that do not nest", () => {
    expect(blockProblem("{{- if .a }}\n{{- with .b }}x{{ end }}\n{{- else }}y\n{{- end }}")).toBeNull();
    expect(blockProblem("{{- if .a }}\nx")).toBe("1 block(s) left open");
    expect(blockProblem("x\n{{- end }}")).toBe("line 2: end without a block");
    expect(blockProblem("{{ else }}")).toBe("line 1: else outside a block");
    expect(blockProblem("{{/* {{ if }} in a comment */}}")).toBeNull();
  });
});
