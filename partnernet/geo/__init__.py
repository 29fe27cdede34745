"""Geography: geocoders (geopy), nearest-help search and maps (folium)."""
