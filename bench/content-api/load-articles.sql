-- 10,000 published articles on site 'bench' across Treptow-Köpenick's 15 regions, written
-- straight into the tables the public API reads (publishing them one by one would measure the
-- publisher, not the API). Rate limits are lifted so wrk measures the API, not the limiter.
insert into content.sites (id, slug, name, base_url, anonymous_rate_limit, api_key_rate_limit, created_at)
values ('00000000-0000-0000-0000-0000000000be', 'bench', 'Benchmark', 'https://bench.example.org', 100000000, 100000000, now())
on conflict (slug) do update set anonymous_rate_limit = excluded.anonymous_rate_limit, api_key_rate_limit = excluded.api_key_rate_limit;

insert into content.regions (code, name, district_code, district_name)
select lpad((900 + n)::text, 4, '0'), 'Region ' || n, '09', 'Treptow-Köpenick' from generate_series(1, 15) n
on conflict (code) do nothing;

insert into content.tags (slug, name) values ('nachbarschaft', 'Nachbarschaft'), ('beschaeftigung', 'Beschäftigung'), ('foerderung', 'Förderung')
on conflict (slug) do nothing;

create temporary table generated as
    select n,
           ('00000000-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid as id,
           'bench-meldung-' || n as slug,
           (array['Kooperationsvereinbarung', 'Nachbarschaftsarbeit', 'Beschäftigung', 'Bürgerbeteiligung', 'Förderprogramm'])[1 + n % 5]
             || ' im Ortsteil ' || n as title,
           lpad((901 + n % 15)::text, 4, '0') as region,
           (array['nachbarschaft', 'beschaeftigung', 'foerderung'])[1 + n % 3] as tag,
           timestamptz '2020-01-01 08:00+00' + n * interval '3 hours' as published_on
    from generate_series(1, 10000) n;

insert into content.items (id, type, status, version, title, slug, site_ids, fields, published_version, live_item_version, first_published_at, created_at, updated_at)
select id, 'article', 'published', 1, title, slug, array['00000000-0000-0000-0000-0000000000be'::uuid],
       jsonb_build_object('teaser', 'Kurzfassung ' || n, 'body', 'Text der Meldung ' || n), 1, 1, published_on, published_on, published_on
from generated
on conflict (id) do nothing;

insert into content.published (item_id, site_id, type, slug, title, published_on, updated_at, district_codes, region_codes, tag_slugs,
                               document, search_text, search, etag)
select id, '00000000-0000-0000-0000-0000000000be', 'article', slug, title, published_on, published_on, array['09'], array[region], array[tag],
       jsonb_build_object('id', id, 'type', 'article', 'slug', slug, 'title', title,
           'summary', 'Kurzfassung der Meldung ' || n || ' über die Zusammenarbeit der Träger im Bezirk.',
           'bodyHtml', '<p>Text der Meldung ' || n || '. Die Bürgerinnen und Bürger im Ortsteil profitieren von der Kooperation.</p>',
           'publishedAt', to_char(published_on at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
           'updatedAt', to_char(published_on at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
           'tags', jsonb_build_array(jsonb_build_object('slug', tag, 'name', initcap(tag))),
           'districts', jsonb_build_array(jsonb_build_object('code', '09', 'name', 'Treptow-Köpenick')),
           'regions', jsonb_build_array(jsonb_build_object('code', region, 'name', 'Region', 'districtCode', '09')),
           'imageIds', '[]'::jsonb, 'downloadIds', '[]'::jsonb, 'source', 'Benchmark', 'author', null),
       title || ' Text der Meldung ' || n || '. Die Bürgerinnen und Bürger im Ortsteil profitieren von der Kooperation.',
       setweight(to_tsvector('german', title), 'A')
         || to_tsvector('german', 'Text der Meldung ' || n || '. Die Bürgerinnen und Bürger im Ortsteil profitieren von der Kooperation.')
         || to_tsvector('german', 'Die Buergerinnen und Buerger'),
       '"bench-' || n || '"'
from generated
on conflict (item_id, site_id) do nothing;

insert into content.slugs (site_id, type, slug, item_id, is_current, created_at)
select site_id, type, slug, item_id, true, now() from content.published where site_id = '00000000-0000-0000-0000-0000000000be'
on conflict do nothing;

analyze content.published;
