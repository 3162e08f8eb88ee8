/**
 * Read by Leaflet when it loads: position markers with 2D transforms, not
 * `translate3d`. Every 3D-transformed marker becomes a compositing layer of
 * its own; with hundreds of markers on the map, each frame of the page (a
 * scroll of the live feed beside it) re-layered and repainted them all —
 * in headless chromium, the feed scrolled at ~30 fps because of the map. The
 * cost: no animated zoom (Leaflet animates zoom only with 3D transforms).
 * Imported before 'leaflet' so it is set when Leaflet reads it.
 */
(globalThis as { L_DISABLE_3D?: boolean }).L_DISABLE_3D = true;

export {};
