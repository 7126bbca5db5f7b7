//! `export --format parquet` (cargo feature `parquet`): the events table as one Parquet file,
//! snappy-compressed, written in row groups of 10,000 events read page by page, so memory
//! stays flat. Columns are those of [`EventRow`]; absent values are nulls. Documents are not
//! exported here (JSON Lines carries them).

use crate::db::{Conn, Val};
use crate::error::{Result, StoreError};
use crate::query::{event_row, EVENT_COLS};
use crate::types::EventRow;
use arrow_array::{ArrayRef, Float32Array, Int32Array, Int64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use std::io::Write;
use std::sync::Arc;

const PAGE: usize = 10_000;

fn err(e: impl std::fmt::Display) -> StoreError {
    StoreError::Export(e.to_string())
}

fn schema() -> Schema {
    let s = |n: &str, null: bool| Field::new(n, DataType::Utf8, null);
    Schema::new(vec![
        s("id", false),
        s("doc_id", false),
        s("code", false),
        s("label", false),
        Field::new("quad_class", DataType::Int32, false),
        Field::new("goldstein", DataType::Float32, false),
        s("source_id", false),
        s("source_name", false),
        s("source_code", true),
        s("target_id", true),
        s("target_name", true),
        s("target_code", true),
        s("place_id", true),
        s("place_name", true),
        s("place_code", true),
        s("date", true),
        s("day", true),
        s("sentence", false),
        Field::new("sentence_start", DataType::Int64, false),
        Field::new("sentence_end", DataType::Int64, false),
        s("modality", false),
        Field::new("confidence", DataType::Float32, false),
        s("lang", true),
    ])
}

fn batch(schema: &Arc<Schema>, rows: &[EventRow]) -> Result<RecordBatch> {
    let req = |f: fn(&EventRow) -> &str| -> ArrayRef {
        Arc::new(StringArray::from_iter_values(rows.iter().map(f)))
    };
    let opt = |f: fn(&EventRow) -> Option<&str>| -> ArrayRef {
        Arc::new(rows.iter().map(f).collect::<StringArray>())
    };
    let cols: Vec<ArrayRef> = vec![
        req(|e| &e.id),
        req(|e| &e.doc_id),
        req(|e| &e.code),
        req(|e| &e.label),
        Arc::new(Int32Array::from_iter_values(
            rows.iter().map(|e| i32::from(e.quad_class)),
        )),
        Arc::new(Float32Array::from_iter_values(
            rows.iter().map(|e| e.goldstein),
        )),
        req(|e| &e.source_id),
        req(|e| &e.source_name),
        opt(|e| e.source_code.as_deref()),
        opt(|e| e.target_id.as_deref()),
        opt(|e| e.target_name.as_deref()),
        opt(|e| e.target_code.as_deref()),
        opt(|e| e.place_id.as_deref()),
        opt(|e| e.place_name.as_deref()),
        opt(|e| e.place_code.as_deref()),
        opt(|e| e.date.as_deref()),
        opt(|e| e.day.as_deref()),
        req(|e| &e.sentence),
        Arc::new(Int64Array::from_iter_values(
            rows.iter().map(|e| e.sentence_start as i64),
        )),
        Arc::new(Int64Array::from_iter_values(
            rows.iter().map(|e| e.sentence_end as i64),
        )),
        req(|e| &e.modality),
        Arc::new(Float32Array::from_iter_values(
            rows.iter().map(|e| e.confidence),
        )),
        opt(|e| e.lang.as_deref()),
    ];
    RecordBatch::try_new(schema.clone(), cols).map_err(err)
}

pub(crate) fn events<W: Write + Send>(conn: &mut Conn, w: W) -> Result<u64> {
    let schema = Arc::new(schema());
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .build();
    let mut writer = ArrowWriter::try_new(w, schema.clone(), Some(props)).map_err(err)?;
    let mut last = String::new();
    let mut n = 0u64;
    loop {
        let rows = conn.query(
            &format!("SELECT {EVENT_COLS} FROM events e WHERE e.id > ?1 ORDER BY e.id LIMIT ?2"),
            &[Val::from(&last), Val::from(PAGE)],
        )?;
        let Some(end) = rows.last() else { break };
        last = end.first().map(Val::string).unwrap_or_default();
        let events: Vec<EventRow> = rows.iter().map(event_row).collect();
        writer.write(&batch(&schema, &events)?).map_err(err)?;
        n += events.len() as u64;
    }
    writer.close().map_err(err)?;
    Ok(n)
}
