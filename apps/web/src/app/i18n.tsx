import { DISABILITY_LABELS, HEALTH_LABELS, LABOUR_LABELS, LIVING_LABELS, RELATION_LABELS, ROLE_LABELS, type Role } from '@lq/contracts';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { type Lang, setApiLanguage } from '../shared/api';
import { deploymentParams, useDeployment } from './deployment';
import { en, type MessageKey, zh } from './messages';

export type { MessageKey };

const STORAGE_KEY = 'lq.lang';

function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'zh-CN') return saved;
  } catch {
    /* storage blocked */
  }
  return 'zh-CN';
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

function format(template: string, params?: Record<string, string | number>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

/** English labels for the enumerations whose Chinese labels live in @lq/contracts. */
const ENUM_EN = {
  disability: {
    visual: 'Visual',
    hearing: 'Hearing',
    speech: 'Speech',
    physical: 'Physical',
    intellectual: 'Intellectual',
    mental: 'Mental',
    multiple: 'Multiple',
  },
  health: { healthy: 'Healthy', chronic: 'Chronic illness', serious_illness: 'Serious illness' },
  labour: { full: 'Able to work', partial: 'Partly able to work', none: 'Unable to work' },
  living: { alone: 'Lives alone', empty_nest: 'Empty nest', with_children: 'With children', other: 'Other' },
  relation: {
    head: 'Head',
    spouse: 'Spouse',
    child: 'Child',
    parent: 'Parent',
    grandchild: 'Grandchild',
    grandparent: 'Grandparent',
    sibling: 'Sibling',
    child_in_law: 'Child-in-law',
    other: 'Other',
  },
} as const;

const ENUM_ZH = {
  disability: DISABILITY_LABELS,
  health: HEALTH_LABELS,
  labour: LABOUR_LABELS,
  living: LIVING_LABELS,
  relation: RELATION_LABELS,
} as const;

export type EnumKind = keyof typeof ENUM_ZH;

/** Common tag names shown in English when the console is in English (data stays Chinese). */
const TAG_EN: Record<string, string> = {
  高龄: 'Very old',
  失能: 'Disabled (care)',
  独居: 'Lives alone',
  留守: 'Left behind',
  困境: 'In difficulty',
  低保: 'Dibao',
  特困: 'Destitute',
  低保边缘: 'Near-dibao',
  残疾: 'Disability',
  重病: 'Serious illness',
};

interface I18nValue {
  lang: Lang;
  setLang: (l: Lang) => void;
  t: Translate;
  /** label of an enumeration value (disability, health, ...) in the current language */
  enumLabel: (kind: EnumKind, value: string | null | undefined) => string;
  enumOptions: (kind: EnumKind) => { value: string; label: string }[];
  roleLabel: (role: string) => string;
  tagLabel: (tag: string) => string;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => {
    const l = initialLang();
    setApiLanguage(l);
    return l;
  });

  const setLang = useCallback((l: Lang) => {
    setApiLanguage(l);
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      /* ignore */
    }
    document.documentElement.lang = l;
    setLangState(l);
  }, []);

  const deployment = useDeployment();
  const value = useMemo<I18nValue>(() => {
    const dict: Record<MessageKey, string> = lang === 'en' ? en : zh;
    // Every message may name the deployment's county and titles ({county}, {consoleTitle}, ...).
    const common = deploymentParams(deployment, lang);
    const t: Translate = (key, params) => format(dict[key] ?? key, { ...common, ...params });
    const enumLabel = (kind: EnumKind, v: string | null | undefined): string => {
      if (!v) return '';
      const table: Record<string, string> = lang === 'en' ? ENUM_EN[kind] : ENUM_ZH[kind];
      return table[v] ?? v;
    };
    const enumOptions = (kind: EnumKind) => Object.keys(ENUM_ZH[kind]).map((value) => ({ value, label: enumLabel(kind, value) }));
    const roleLabel = (role: string) => {
      const r = ROLE_LABELS[role as Role];
      return r ? (lang === 'en' ? r.en : r.zh) : role;
    };
    const tagLabel = (tag: string) => (lang === 'en' ? (TAG_EN[tag] ?? tag) : tag);
    return { lang, setLang, t, enumLabel, enumOptions, roleLabel, tagLabel };
  }, [lang, setLang, deployment]);

  useEffect(() => {
    if (deployment) document.title = lang === 'en' ? deployment.titles.console.en : deployment.titles.console.zh;
  }, [deployment, lang]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
