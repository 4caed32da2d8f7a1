/**
 * What the address-spike rule needs from the failed-logins-by-address table, whatever its size:
 * how many addresses it has, the median address's failed logins, and every address with at least
 * the rule's minimum (each with its failed logins summed over its rows and the countries seen).
 * The engine computes it in SQL over the whole table (see core/sql/address-totals-sql.ts).
 */
export interface AddressTotals {
  addresses: number;
  median: number;
  heavy: Array<{ address: string; count: number; geos: string[] }>;
}
