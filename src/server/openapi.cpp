#include "server/openapi.h"

namespace mb::server {

std::string_view openapi_document() {
  static constexpr std::string_view kDocument = R"json({
  "openapi": "3.0.3",
  "info": {
    "title": "milvus-backup REST API",
    "version": "1",
    "description": "Compatible with the Go milvus-backup server. Answers are HTTP 200 with a code in the body (0 or absent: success, 1 Not_Support, 2 No_Permission, 3 Fail, 400 Parameter_Error, 404 Request_Object_Not_Found); a malformed, unknown-field or wrong-type body is HTTP 400, a body over the size limit HTTP 413, a missing or wrong bearer token HTTP 401. The request id is taken from the request_id header (restore: the requestId member)."
  },
  "components": {
    "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
    "parameters": {
      "RequestId": {"name": "request_id", "in": "header", "required": false, "schema": {"type": "string"}}
    },
    "responses": {
      "Unauthorized": {"description": "missing or wrong bearer token (code 2), when the server has one", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Envelope"}}}},
      "BadBody": {"description": "malformed JSON, not an object, an unknown member or a member of the wrong type (code 400)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Envelope"}}}},
      "TooLarge": {"description": "body over the server's size limit (code 400)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Envelope"}}}}
    },
    "schemas": {
      "ResponseCode": {"type": "integer", "enum": [0, 1, 2, 3, 400, 404]},
      "StateCode": {"type": "integer", "enum": [0, 1, 2, 3, 4], "description": "0 initial, 1 executing, 2 success, 3 fail, 4 timeout"},
      "Progress": {"type": "integer", "minimum": 0, "maximum": 100},
      "Envelope": {
        "type": "object",
        "additionalProperties": false,
        "required": ["data"],
        "properties": {"requestId": {"type": "string"}, "code": {"$ref": "#/components/schemas/ResponseCode"}, "msg": {"type": "string"}, "data": {"nullable": true}}
      },
      "BackupInfoResponse": {"allOf": [{"$ref": "#/components/schemas/Envelope"}, {"properties": {"data": {"nullable": true, "allOf": [{"$ref": "#/components/schemas/BackupInfoBrief"}]}}}]},
      "ListBackupsResponse": {"allOf": [{"$ref": "#/components/schemas/Envelope"}, {"properties": {"data": {"nullable": true, "type": "array", "items": {"$ref": "#/components/schemas/BackupInfoBrief"}}}}]},
      "VerifyResponse": {"allOf": [{"$ref": "#/components/schemas/Envelope"}, {"properties": {"data": {"nullable": true, "allOf": [{"$ref": "#/components/schemas/VerifyTask"}]}}}]},
      "VerifyTask": {
        "type": "object",
        "properties": {
          "id": {"type": "string"}, "state_code": {"$ref": "#/components/schemas/StateCode"}, "errorMessage": {"type": "string"},
          "start_time": {"type": "integer"}, "end_time": {"type": "integer"}, "progress": {"$ref": "#/components/schemas/Progress"},
          "name": {"type": "string", "description": "the backup verified; absent: every backup"},
          "report": {"type": "object", "description": "once the task ended: the report of `verify --output json` (ok, problems with backup, key, kind, expected, found; per backup its status, unchecked and unaccounted)"}
        }
      },
      "VerifyRequest": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "requestId": {"type": "string"}, "backup_name": {"type": "string", "description": "empty: every backup"},
          "read_data": {"type": "boolean", "description": "also read every file and compare its CRC32C with the manifest"},
          "read_data_subset": {"type": "string", "description": "N/M or P%; implies read_data"},
          "async": {"type": "boolean"}
        }
      },
      "RestoreBackupResponse": {"allOf": [{"$ref": "#/components/schemas/Envelope"}, {"properties": {"data": {"nullable": true, "allOf": [{"$ref": "#/components/schemas/RestoreBackupTaskResponse"}]}}}]},
      "DeleteBackupResponse": {
        "type": "object",
        "additionalProperties": false,
        "properties": {"requestId": {"type": "string"}, "code": {"$ref": "#/components/schemas/ResponseCode"}, "msg": {"type": "string"}}
      },
      "CheckFailure": {
        "type": "object",
        "additionalProperties": false,
        "required": ["error"],
        "properties": {"error": {"type": "string"}}
      },
      "BackupInfoBrief": {
        "type": "object",
        "additionalProperties": false,
        "required": ["state_code", "progress", "size", "meta_size"],
        "properties": {
          "id": {"type": "string"},
          "state_code": {"$ref": "#/components/schemas/StateCode"},
          "errorMessage": {"type": "string"},
          "start_time": {"type": "integer", "format": "int64"},
          "end_time": {"type": "integer", "format": "int64"},
          "progress": {"$ref": "#/components/schemas/Progress"},
          "name": {"type": "string"},
          "backup_timestamp": {"type": "integer", "format": "uint64"},
          "collection_backups": {"type": "array", "items": {"$ref": "#/components/schemas/CollectionBackupInfoBrief"}},
          "size": {"type": "integer", "format": "int64"},
          "milvus_version": {"type": "string"},
          "rpc_channel_info": {"type": "object"},
          "database_backups": {"type": "array", "items": {"type": "object"}},
          "meta_size": {"type": "integer", "format": "int64"},
          "format": {"type": "string"}
        }
      },
      "CollectionBackupInfoBrief": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "id": {"type": "string"},
          "collection_id": {"type": "integer", "format": "int64"},
          "db_name": {"type": "string"},
          "collection_name": {"type": "string"},
          "schema": {"type": "object"},
          "shards_num": {"type": "integer"},
          "backup_timestamp": {"type": "integer", "format": "uint64"},
          "size": {"type": "integer", "format": "int64"},
          "has_index": {"type": "boolean"},
          "index_infos": {"type": "array", "items": {"type": "object"}},
          "load_state": {"type": "string"},
          "backup_physical_timestamp": {"type": "integer", "format": "uint64"},
          "channel_checkpoints": {"type": "object", "additionalProperties": {"type": "string"}},
          "properties": {"type": "array", "items": {"type": "object", "properties": {"key": {"type": "string"}, "value": {"type": "string"}}}}
        }
      },
      "RestoreBackupTaskResponse": {
        "type": "object",
        "additionalProperties": false,
        "required": ["state_code", "progress"],
        "properties": {
          "id": {"type": "string"},
          "state_code": {"$ref": "#/components/schemas/StateCode"},
          "errorMessage": {"type": "string"},
          "start_time": {"type": "integer", "format": "int64"},
          "end_time": {"type": "integer", "format": "int64"},
          "progress": {"$ref": "#/components/schemas/Progress"},
          "collection_restore_tasks": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": ["state_code", "progress"],
              "properties": {
                "id": {"type": "string"},
                "state_code": {"$ref": "#/components/schemas/StateCode"},
                "errorMessage": {"type": "string"},
                "start_time": {"type": "integer", "format": "int64"},
                "end_time": {"type": "integer", "format": "int64"},
                "progress": {"$ref": "#/components/schemas/Progress"},
                "target_db_name": {"type": "string"},
                "target_collection_name": {"type": "string"},
                "restored_size": {"type": "integer", "format": "int64"},
                "to_restore_size": {"type": "integer", "format": "int64"}
              }
            }
          },
          "restored_size": {"type": "integer", "format": "int64"},
          "to_restore_size": {"type": "integer", "format": "int64"}
        }
      },
      "DbCollections": {
        "description": "{\"db\": [\"coll\", ...]} (an empty list is the whole database), or that object as a JSON string",
        "oneOf": [{"type": "string"}, {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}}]
      },
      "CreateBackupRequest": {
        "type": "object",
        "additionalProperties": false,
        "required": ["backup_name"],
        "properties": {
          "requestId": {"type": "string", "description": "ignored: the request_id header names the task"},
          "backup_name": {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]{0,127}$"},
          "async": {"type": "boolean"},
          "filter": {"type": "object", "additionalProperties": {"type": "object", "properties": {"colls": {"type": "array", "items": {"type": "string"}}}, "additionalProperties": false}},
          "strategy": {"type": "string", "enum": ["", "meta_only", "skip_flush", "bulk_flush", "serial_flush"]},
          "format": {"type": "string", "enum": ["", "auto", "binlog", "snapshot"]},
          "rbac": {"type": "boolean"},
          "with_index_extra": {"type": "boolean"},
          "gc_pause_enable": {"type": "boolean"},
          "gc_pause_address": {"type": "string"},
          "backup_root_path": {"type": "string"},
          "collection_names": {"type": "array", "items": {"type": "string"}, "deprecated": true},
          "db_collections": {"$ref": "#/components/schemas/DbCollections"},
          "force": {"type": "boolean", "deprecated": true},
          "meta_only": {"type": "boolean", "deprecated": true},
          "gc_pause_seconds": {"type": "integer", "deprecated": true}
        }
      },
      "RestoreBackupRequest": {
        "type": "object",
        "additionalProperties": false,
        "required": ["backup_name"],
        "properties": {
          "requestId": {"type": "string"},
          "id": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,128}$"},
          "backup_name": {"type": "string"},
          "async": {"type": "boolean"},
          "bucket_name": {"type": "string"},
          "path": {"type": "string"},
          "collection_names": {"type": "array", "items": {"type": "string"}},
          "db_collections": {"$ref": "#/components/schemas/DbCollections"},
          "collection_suffix": {"type": "string", "pattern": "^[A-Za-z0-9_]*$"},
          "collection_renames": {"type": "object", "additionalProperties": {"type": "string"}},
          "db_collections_after_rename": {"$ref": "#/components/schemas/DbCollections"},
          "restorePlan": {"type": "object", "description": "mapping (database and collection renames) and filter (target names); a collection override or withProp is answered with code 1"},
          "metaOnly": {"type": "boolean"},
          "restoreIndex": {"type": "boolean"},
          "useAutoIndex": {"type": "boolean"},
          "dropExistCollection": {"type": "boolean"},
          "dropExistIndex": {"type": "boolean"},
          "skipCreateCollection": {"type": "boolean"},
          "rbac": {"type": "boolean"},
          "maxShardNum": {"type": "integer", "description": "not supported: non-zero is answered with code 1"},
          "skipParams": {"type": "object", "description": "not supported: a non-empty value is answered with code 1"},
          "useV2Restore": {"type": "boolean"},
          "truncateBinlogByTs": {"type": "boolean", "description": "not supported: true is answered with code 1"},
          "ezkMapping": {"type": "object", "description": "not supported: a non-empty value is answered with code 1"},
          "skipImportDiskQuotaCheck": {"type": "boolean", "deprecated": true}
        }
      }
    }
  },
  "security": [{"bearer": []}, {}],
  "paths": {
    "/": {"get": {"summary": "Liveness text, as /api/v1/hello", "responses": {"200": {"description": "Hello, This is backup service", "content": {"text/plain": {"schema": {"type": "string"}}}}, "401": {"$ref": "#/components/responses/Unauthorized"}}}},
    "/api/v1/hello": {"get": {"summary": "Liveness text", "responses": {"200": {"description": "Hello, This is backup service", "content": {"text/plain": {"schema": {"type": "string"}}}}, "401": {"$ref": "#/components/responses/Unauthorized"}}}},
    "/api/v1/create": {"post": {
      "summary": "Create a backup (sync, or async with polling by get_backup)",
      "parameters": [{"$ref": "#/components/parameters/RequestId"}],
      "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CreateBackupRequest"}}}},
      "responses": {"200": {"description": "data: the backup, or the task creating it", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/BackupInfoResponse"}}}}, "400": {"$ref": "#/components/responses/BadBody"}, "401": {"$ref": "#/components/responses/Unauthorized"}, "413": {"$ref": "#/components/responses/TooLarge"}}}},
    "/api/v1/list": {"get": {
      "summary": "List complete backups",
      "parameters": [{"$ref": "#/components/parameters/RequestId"}, {"name": "collection_name", "in": "query", "deprecated": true, "schema": {"type": "string"}, "description": "refused with code 400 when not empty, as in the Go tool"}],
      "responses": {"200": {"description": "data: one entry per backup", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ListBackupsResponse"}}}}, "401": {"$ref": "#/components/responses/Unauthorized"}}}},
    "/api/v1/get_backup": {"get": {
      "summary": "A backup, or the state and progress of the task creating it",
      "parameters": [{"$ref": "#/components/parameters/RequestId"}, {"name": "backup_name", "in": "query", "schema": {"type": "string"}}, {"name": "backup_id", "in": "query", "schema": {"type": "string"}}, {"name": "path", "in": "query", "schema": {"type": "string"}, "description": "backup root override"}],
      "responses": {"200": {"description": "data: the backup, or the task creating it", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/BackupInfoResponse"}}}}, "401": {"$ref": "#/components/responses/Unauthorized"}}}},
    "/api/v1/delete": {"delete": {
      "summary": "Delete a backup",
      "parameters": [{"$ref": "#/components/parameters/RequestId"}, {"name": "backup_name", "in": "query", "required": true, "schema": {"type": "string"}}],
      "responses": {"200": {"description": "msg success", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/DeleteBackupResponse"}}}}, "401": {"$ref": "#/components/responses/Unauthorized"}}}},
    "/api/v1/cancel_backup": {"post": {
      "summary": "Cancel a running create (not in the Go tool); what it wrote is removed",
      "parameters": [{"$ref": "#/components/parameters/RequestId"}, {"name": "backup_name", "in": "query", "schema": {"type": "string"}}, {"name": "backup_id", "in": "query", "schema": {"type": "string"}}],
      "responses": {"200": {"description": "data: the task", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/BackupInfoResponse"}}}}, "401": {"$ref": "#/components/responses/Unauthorized"}}}},
    "/api/v1/restore": {"post": {
      "summary": "Restore a backup (sync, or async with polling by get_restore)",
      "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RestoreBackupRequest"}}}},
      "responses": {"200": {"description": "data: the restore task", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RestoreBackupResponse"}}}}, "400": {"$ref": "#/components/responses/BadBody"}, "401": {"$ref": "#/components/responses/Unauthorized"}, "413": {"$ref": "#/components/responses/TooLarge"}}}},
    "/api/v1/get_restore": {"get": {
      "summary": "State and progress of a restore task",
      "parameters": [{"$ref": "#/components/parameters/RequestId"}, {"name": "id", "in": "query", "required": true, "schema": {"type": "string"}}],
      "responses": {"200": {"description": "data: the restore task", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RestoreBackupResponse"}}}}, "401": {"$ref": "#/components/responses/Unauthorized"}}}},
    "/api/v1/cancel_restore": {"post": {
      "summary": "Cancel a running restore (not in the Go tool)",
      "parameters": [{"$ref": "#/components/parameters/RequestId"}, {"name": "id", "in": "query", "required": true, "schema": {"type": "string"}}],
      "responses": {"200": {"description": "data: the restore task", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RestoreBackupResponse"}}}}, "401": {"$ref": "#/components/responses/Unauthorized"}}}},
    "/api/v1/verify": {"post": {
      "summary": "Verify a backup (not in the Go tool): structure, and with read_data every file's CRC32C (sync, or async with polling by get_verify)",
      "parameters": [{"$ref": "#/components/parameters/RequestId"}],
      "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/VerifyRequest"}}}},
      "responses": {"200": {"description": "data: the verify task", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/VerifyResponse"}}}}, "400": {"$ref": "#/components/responses/BadBody"}, "401": {"$ref": "#/components/responses/Unauthorized"}, "413": {"$ref": "#/components/responses/TooLarge"}}}},
    "/api/v1/get_verify": {"get": {
      "summary": "State, progress and, once ended, report of a verify task",
      "parameters": [{"$ref": "#/components/parameters/RequestId"}, {"name": "id", "in": "query", "required": true, "schema": {"type": "string"}}],
      "responses": {"200": {"description": "data: the verify task", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/VerifyResponse"}}}}, "401": {"$ref": "#/components/responses/Unauthorized"}}}},
    "/api/v1/check": {"get": {
      "summary": "The check command's report",
      "responses": {"200": {"description": "report", "content": {"text/plain": {"schema": {"type": "string"}}}}, "401": {"$ref": "#/components/responses/Unauthorized"}, "500": {"description": "the failed checks, as the Go tool answers them", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CheckFailure"}}}}}}},
    "/api/v1/openapi.json": {"get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI 3", "content": {"application/json": {"schema": {"type": "object"}}}}, "401": {"$ref": "#/components/responses/Unauthorized"}}}},
    "/healthz": {"get": {"summary": "Health, never behind auth", "security": [], "responses": {"200": {"description": "OK", "content": {"text/plain": {"schema": {"type": "string"}}}}}}},
    "/metrics": {"get": {"summary": "Prometheus text format", "responses": {"200": {"description": "metrics", "content": {"text/plain": {"schema": {"type": "string"}}}}, "401": {"$ref": "#/components/responses/Unauthorized"}}}}
  }
})json";
  return kDocument;
}

}  // namespace mb::server
