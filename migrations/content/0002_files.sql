-- Files for content (Bilder und Downloads): the metadata of each uploaded file. The bytes live
-- in the file storage (IFileStorage) under storage_key; items reference files by id in their
-- fields (imageIds, downloadIds) and published rows in image_ids/download_ids.
create table content.files (
    id             uuid primary key,
    kind           text not null check (kind in ('image', 'download')),
    storage_key    text not null unique,
    file_name      text not null check (length(file_name) between 1 and 255),
    media_type     text not null,                 -- detected from the bytes, never taken from the client
    size_bytes     bigint not null check (size_bytes > 0),
    sha256         text not null check (sha256 ~ '^[0-9a-f]{64}$'),   -- hex; the public strong ETag
    title          text not null,
    language       text not null default 'de',
    alt_text       text,
    decorative     boolean not null default false,
    caption        text,
    credit_author  text,
    credit_licence text,
    focal_x        numeric check (focal_x between 0 and 1),
    focal_y        numeric check (focal_y between 0 and 1),
    version        integer not null default 1,    -- optimistic concurrency: the staff API's ETag
    created_at     timestamptz not null,
    created_by     uuid,
    updated_at     timestamptz not null,
    updated_by     uuid,
    -- An image needs alt text unless an editor has said it is decorative (alt="").
    constraint files_image_alt_text check (kind <> 'image' or decorative or coalesce(btrim(alt_text), '') <> ''),
    constraint files_focal_point_pair check ((focal_x is null) = (focal_y is null))
);
create index files_kind_created on content.files (kind, created_at desc, id desc);

-- The public API asks "is this file referenced by a published row of that site?".
create index published_image_ids on content.published using gin (image_ids);
create index published_download_ids on content.published using gin (download_ids);
