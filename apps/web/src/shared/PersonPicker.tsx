import { useQuery } from '@tanstack/react-query';
import { Select, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../app/i18n';
import { api } from './api';
import type { Page, Person } from './types';

function label(p: Person) {
  return `${p.name} · ${p.idNumber} · ${p.residenceRegionName ?? p.residenceRegionCode}`;
}

/** Pick a person by typing a name, pinyin or the last digits of the ID number. */
export function PersonPicker({
  value,
  onChange,
  regionCode,
  style,
  id,
  excludeIds,
}: {
  value?: string;
  onChange?: (id: string | undefined, person?: Person) => void;
  regionCode?: string | null;
  style?: React.CSSProperties;
  id?: string;
  excludeIds?: string[];
}) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const h = setTimeout(() => setDebounced(q.trim()), 250);
    return () => clearTimeout(h);
  }, [q]);

  const search = useQuery({
    queryKey: ['people', 'picker', debounced, regionCode],
    queryFn: ({ signal }) => api.get<Page<Person>>('/people', { q: debounced, regionCode: regionCode ?? undefined, pageSize: 20 }, signal),
    enabled: debounced.length > 0,
  });
  const current = useQuery({
    queryKey: ['people', value],
    queryFn: () => api.get<Person>(`/people/${value}`),
    enabled: !!value && !search.data?.items.some((p) => p.id === value),
  });

  const people = [...(search.data?.items ?? [])];
  if (current.data && !people.some((p) => p.id === current.data.id)) people.unshift(current.data);
  const options = people
    .filter((p) => !excludeIds?.includes(p.id) || p.id === value)
    .map((p) => ({ value: p.id, label: label(p), person: p }));

  return (
    <Select
      id={id}
      style={style}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      placeholder={t('people.searchPerson')}
      notFoundContent={search.isFetching ? <Spin size="small" /> : debounced ? t('people.emptyTitle') : null}
      options={options}
      allowClear
      onChange={(v: string | undefined) =>
        onChange?.(
          v,
          people.find((p) => p.id === v),
        )
      }
      data-testid="person-picker"
    />
  );
}
