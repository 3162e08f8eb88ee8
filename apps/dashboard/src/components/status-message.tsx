import type { ReactNode } from 'react';

interface StatusMessageProps {
  tone?: 'neutral' | 'error';
  children: ReactNode;
  /** Offered as a button, e.g. "Try again". */
  action?: { label: string; onClick: () => void };
}

/** Loading, empty and error states, said in words where the content would be. */
export function StatusMessage({ tone = 'neutral', children, action }: StatusMessageProps) {
  return (
    <div className={`status-message status-message--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <p>{children}</p>
      {action && (
        <button type="button" className="button button--secondary" onClick={action.onClick}>
          {action.label}
        </button>
      )}
    </div>
  );
}
