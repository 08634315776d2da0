"""Stand-ins for JSON APIs: GitHub, jsonplaceholder, Open-Meteo, paginated, rate-limited."""
