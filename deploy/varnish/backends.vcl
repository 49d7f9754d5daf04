# The app servers behind Varnish, for deploy/varnish/default.vcl: one backend per gunicorn
# instance, all in the round-robin director `app`. An example for two servers on this machine;
# write your own (addresses, ports) and put its directory first in varnishd's vcl_path.

probe healthz {
    .url = "/healthz";
    .interval = 5s;
    .timeout = 2s;
    .window = 5;
    .threshold = 3;
    # Healthy from the start: a restart of Varnish must not refuse readers for a probe's time.
    .initial = 3;
}

backend app1 {
    .host = "127.0.0.1";
    .port = "8000";
    .probe = healthz;
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

backend app2 {
    .host = "127.0.0.1";
    .port = "8001";
    .probe = healthz;
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

sub vcl_init {
    new app = directors.round_robin();
    app.add_backend(app1);
    app.add_backend(app2);
}
