import { useEffect, useRef, type ReactNode } from 'react';
import { wasNavigated } from '../lib/router';

interface ScreenHeaderProps {
  title: string;
  /** Said after the title, e.g. counts. */
  children?: ReactNode;
  /** Kept for screen readers only, where the screen shows its title otherwise. */
  hidden?: boolean;
}

/**
 * A screen's title. After moving between screens the focus lands on it, so a
 * screen-reader user hears where they are and Tab continues from the top of it.
 */
export function ScreenHeader({ title, children, hidden = false }: ScreenHeaderProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Truce Monitor`;
    if (wasNavigated()) heading.current?.focus({ preventScroll: true });
  }, [title]);
  return (
    <header className={hidden ? 'screen-header visually-hidden' : 'screen-header'}>
      <h1 ref={heading} tabIndex={-1} data-testid="screen-title">
        {title}
      </h1>
      {children}
    </header>
  );
}
