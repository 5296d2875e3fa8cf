"""Running the dashboard behind a reverse proxy: deploy/nginx.conf and its check."""
