"""Names to places: the resolver and the gazetteers, name forms and kinds, countries, dates."""
