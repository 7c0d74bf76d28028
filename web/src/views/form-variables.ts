/**
 * The variables the notification form completes and lists: the service's catalogue (dingpipe's own,
 * then each CI platform's), plus those the preview's sample event carries, described in the console's
 * language — a CI's variable by the platforms that set it, dingpipe's own from the Chinese catalogue.
 */
import { referencedVariables } from "../../../src/notify/template.ts";
import { h, mount } from "../dom.ts";
import { locale, t } from "../i18n/index.ts";
import { VARIABLES_ZH } from "../i18n/variables-zh.ts";
import { sampleEvent } from "../sample.ts";
import type { Variable } from "../types.ts";
import { serverText } from "../ui.ts";

export function describeVariables(given: readonly Variable[]): {
  variables: Variable[];
  /** A variable's description as the page shows it (the service's English marked so when untranslated). */
  description: (v: Variable) => string | HTMLElement;
} {
  let variables = [...given];
  // The CI environment's variables the sample event carries (GITEE_PIPELINE_NAME…) complete too.
  for (const name of Object.keys(sampleEvent("success").variables ?? {})) {
    if (!variables.some((v) => v.name === name)) variables.push({ name, description: t("form.ciVariable") });
  }
  variables = variables.map((v) =>
    v.ci && v.ci.length > 0
      ? { ...v, description: t("form.ciVariableOf", v.ci.join(t("ui.listSeparator"))) }
      : v,
  );
  // The service describes its own variables in English; the console has them in its other languages.
  const untranslated = new Set<string>();
  if (locale() !== "en") {
    variables = variables.map((v) => {
      if (v.ci) return v;
      const zh = VARIABLES_ZH[v.name];
      if (zh === undefined && v.description !== t("form.ciVariable")) untranslated.add(v.name);
      return zh === undefined ? v : { ...v, description: zh };
    });
  }
  return {
    variables,
    description: (v) => (untranslated.has(v.name) ? serverText(v.description) : v.description),
  };
}

/**
 * The warning beside the custom content: the variables `texts()` name (custom content, @ entries) that
 * are none of `variables` — no CI sets them and dingpipe has none such — so they would come out empty.
 */
export function unknownVariablesNote(
  variables: readonly Variable[],
  texts: () => string[],
): { element: HTMLElement; names: () => string[]; draw: () => void } {
  const known = new Set(variables.map((v) => v.name));
  const element = h("p", { class: "warn unknown-variables", id: "custom-unknown", role: "status" });
  const names = () =>
    [...new Set(texts().flatMap((text) => referencedVariables(text)))].filter((v) => !known.has(v));
  const draw = () => {
    const unknown = names();
    element.hidden = unknown.length === 0;
    mount(
      element,
      unknown.length === 0
        ? null
        : [
            t("form.unknownVariables"),
            unknown.map((v, i) => [
              i > 0 ? t("ui.listSeparator") : "",
              h("code", { translate: "no" }, `\${${v}}`),
            ]),
            t("form.unknownVariablesHint"),
          ],
    );
  };
  return { element, names, draw };
}
