/** Query keys of the agreement feature; one factory so invalidations and reads cannot drift apart. */
export const agreementKeys = {
  all: ['agreements'] as const,
  list: () => [...agreementKeys.all, 'list'] as const,
  detail: (id: string) => [...agreementKeys.all, 'detail', id] as const,
};
