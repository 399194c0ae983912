/** Participant records: referrals, screening, plans, legal matters, contacts, updates. */
export {};
