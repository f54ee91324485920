import type { ReactNode } from 'react';

/** One label/value row of a panel; `title` carries the exact value or time on hover. */
export function Field({ label, children, title, tone }: { readonly label: string; readonly children: ReactNode; readonly title?: string; readonly tone?: 'stale' | 'muted' }) {
  return (
    <>
      <dt>{label}</dt>
      <dd title={title} className={tone ? `tone-text-${tone}` : undefined}>
        {children}
      </dd>
    </>
  );
}
