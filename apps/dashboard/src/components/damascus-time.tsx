import { formatDamascusTime, formatUtc } from '../lib/time';

/** An instant shown in Damascus time, with the exact UTC instant on hover. */
export function DamascusTime({ iso, className }: { iso: string; className?: string }) {
  return (
    <time dateTime={iso} title={formatUtc(iso)} className={className}>
      {formatDamascusTime(iso)}
    </time>
  );
}
