import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { governorateName } from '@truce-monitor/domain';
import { usePlaces, type Place } from '../../../lib/geo/geodata';

const MAX_OPTIONS = 8;

/** Lower case, diacritics and apostrophes dropped: "Dar'a" and "Ḩarastā" are found by "daraa" and "harasta". */
const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f'’ʿʾ`-]/g, '')
    .toLowerCase();

/**
 * Finds a town in the gazetteer (ARIA combobox: type, arrow keys, Enter;
 * Escape closes). Picking one fills the place name and the point; the
 * governorate then follows from the point.
 */
export function PlacePicker({ onPick }: { onPick: (place: Place) => void }) {
  const id = useId();
  const listId = `${id}-list`;
  const places = usePlaces();
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);

  const matches = useMemo(() => {
    const q = fold(query.trim());
    if (!q || !places.data) return [];
    const starts = places.data.filter((p) => fold(p.name).startsWith(q) || fold(p.nameLocal).startsWith(q));
    const contains = places.data.filter((p) => !starts.includes(p) && (fold(p.name).includes(q) || fold(p.governorate).startsWith(q)));
    return [...starts, ...contains].slice(0, MAX_OPTIONS);
  }, [query, places.data]);
  const expanded = open && matches.length > 0;

  function pick(place: Place) {
    onPick(place);
    setQuery('');
    setOpen(false);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(true);
      setActive((i) => (matches.length ? (i + 1) % matches.length : 0));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => (matches.length ? (i - 1 + matches.length) % matches.length : 0));
    } else if (event.key === 'Enter' && expanded) {
      event.preventDefault(); // picks the place; does not submit the report
      const place = matches[active];
      if (place) pick(place);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(false);
    }
  }

  return (
    <div className="field place-picker">
      <label htmlFor={id}>Find a town</label>
      <p className="field-hint" id={`${id}-hint`}>
        {places.isError
          ? 'The gazetteer could not be loaded; type the place and its coordinates instead.'
          : `${places.data?.length ?? '…'} towns and cities; picking one fills in the name and the point.`}
      </p>
      <div className="combobox">
        <input
          id={id}
          type="text"
          role="combobox"
          autoComplete="off"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={expanded && matches[active] ? `${listId}-${active}` : undefined}
          aria-describedby={`${id}-hint`}
          value={query}
          placeholder="e.g. Douma, Idlib, Daraa"
          onChange={(e) => {
            setQuery(e.target.value);
            setOpen(true);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setOpen(false)}
          data-testid="place-search"
        />
        <ul id={listId} role="listbox" aria-label="Towns" className="combobox__list" hidden={!expanded}>
          {matches.map((place, index) => (
            <li
              key={`${place.name}-${place.lat}`}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              className={index === active ? 'combobox__option combobox__option--active' : 'combobox__option'}
              // mousedown, not click: it must land before the input's blur closes the list
              onMouseDown={(e) => {
                e.preventDefault();
                pick(place);
              }}
            >
              <span>{place.name}</span> <span className="muted">{governorateName(place.governorateCode)}</span>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
