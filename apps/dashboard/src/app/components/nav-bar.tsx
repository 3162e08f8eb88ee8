import { Link } from '../../lib/router';
import type { NavItem, RouteName } from '../routes';

/** The screens this role works in; plain links, so Tab and Enter reach every one. */
export function NavBar({ items, current }: { items: readonly NavItem[]; current: RouteName }) {
  return (
    <nav className="nav-bar" aria-label="Screens">
      <ul>
        {items.map((item) => (
          <li key={item.route}>
            <Link to={item.to} className="nav-bar__link" aria-current={item.route === current ? 'page' : undefined} data-testid={`nav-${item.route}`}>
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
