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
    "schemas": {
      "Envelope": {
        "type": "object",
        "properties": {
          "requestId": {"type": "string"},
          "code": {"type": "integer", "enum": [0, 1, 2, 3, 400, 404]},
          "msg": {"type": "string"},
          "data": {"nullable": true}
        },
        "required": ["data"]
      },
      "DeleteResponse": {
        "type": "object",
        "properties": {"requestId": {"type": "string"}, "code": {"type": "integer"}, "msg": {"type": "string"}}
      },
      "BackupInfoBrief": {
        "type": "object",
        "properties": {
          "id": {"type": "string"},
          "state_code": {"type": "integer", "description": "0 initial, 1 executing, 2 success, 3 fail, 4 timeout"},
          "errorMessage": {"type": "string"},
          "start_time": {"type": "integer", "format": "int64"},
          "end_time": {"type": "integer", "format": "int64"},
          "progress": {"type": "integer", "minimum": 0, "maximum": 100},
          "name": {"type": "string"},
          "backup_timestamp": {"type": "integer", "format": "uint64"},
          "collection_backups": {"type": "array", "items": {"type": "object"}},
          "size": {"type": "integer", "format": "int64"},
          "milvus_version": {"type": "string"},
          "rpc_channel_info": {"type": "object"},
          "database_backups": {"type": "array", "items": {"type": "object"}},
          "meta_size": {"type": "integer", "format": "int64"},
          "format": {"type": "string"}
        },
        "required": ["state_code", "progress", "size", "meta_size"]
      },
      "RestoreBackupTaskResponse": {
        "type": "object",
        "properties": {
          "id": {"type": "string"},
          "state_code": {"type": "integer", "description": "0 initial, 1 executing, 2 success, 3 fail, 4 timeout"},
          "errorMessage": {"type": "string"},
          "start_time": {"type": "integer", "format": "int64"},
          "end_time": {"type": "integer", "format": "int64"},
          "progress": {"type": "integer", "minimum": 0, "maximum": 100},
          "collection_restore_tasks": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "state_code": {"type": "integer"},
                "errorMessage": {"type": "string"},
                "start_time": {"type": "integer", "format": "int64"},
                "end_time": {"type": "integer", "format": "int64"},
                "progress": {"type": "integer"},
                "target_db_name": {"type": "string"},
                "target_collection_name": {"type": "string"}
              }
            }
          }
        },
        "required": ["state_code", "progress"]
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
          "restorePlan": {"type": "object", "description": "not supported: a non-empty value is answered with code 1"},
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
    "/": {"get": {"summary": "Liveness text, as /api/v1/hello", "responses": {"200": {"description": "Hello, This is backup service", "content": {"text/plain": {}}}}}},
    "/api/v1/hello": {"get": {"summary": "Liveness text", "responses": {"200": {"description": "Hello, This is backup service", "content": {"text/plain": {}}}}}},
    "/api/v1/create": {"post": {
      "summary": "Create a backup (sync, or async with polling by get_backup)",
      "parameters": [{"$ref": "#/components/parameters/RequestId"}],
      "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CreateBackupRequest"}}}},
      "responses": {"200": {"description": "data: BackupInfoBrief", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Envelope"}}}}, "400": {"description": "invalid request body"}}}},
    "/api/v1/list": {"get": {
      "summary": "List complete backups",
      "parameters": [{"$ref": "#/components/parameters/RequestId"}, {"name": "collection_name", "in": "query", "deprecated": true, "schema": {"type": "string"}}],
      "responses": {"200": {"description": "data: array of BackupInfoBrief", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Envelope"}}}}}}},
    "/api/v1/get_backup": {"get": {
      "summary": "A backup, or the state and progress of the task creating it",
      "parameters": [{"$ref": "#/components/parameters/RequestId"}, {"name": "backup_name", "in": "query", "schema": {"type": "string"}}, {"name": "backup_id", "in": "query", "schema": {"type": "string"}}, {"name": "path", "in": "query", "schema": {"type": "string"}, "description": "backup root override"}],
      "responses": {"200": {"description": "data: BackupInfoBrief", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Envelope"}}}}}}},
    "/api/v1/delete": {"delete": {
      "summary": "Delete a backup",
      "parameters": [{"$ref": "#/components/parameters/RequestId"}, {"name": "backup_name", "in": "query", "required": true, "schema": {"type": "string"}}],
      "responses": {"200": {"description": "msg success", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/DeleteResponse"}}}}}}},
    "/api/v1/cancel_backup": {"post": {
      "summary": "Cancel a running create (not in the Go tool); what it wrote is removed",
      "parameters": [{"$ref": "#/components/parameters/RequestId"}, {"name": "backup_name", "in": "query", "schema": {"type": "string"}}, {"name": "backup_id", "in": "query", "schema": {"type": "string"}}],
      "responses": {"200": {"description": "data: BackupInfoBrief", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Envelope"}}}}}}},
    "/api/v1/restore": {"post": {
      "summary": "Restore a backup (sync, or async with polling by get_restore)",
      "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RestoreBackupRequest"}}}},
      "responses": {"200": {"description": "data: RestoreBackupTaskResponse", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Envelope"}}}}, "400": {"description": "invalid request body"}}}},
    "/api/v1/get_restore": {"get": {
      "summary": "State and progress of a restore task",
      "parameters": [{"$ref": "#/components/parameters/RequestId"}, {"name": "id", "in": "query", "required": true, "schema": {"type": "string"}}],
      "responses": {"200": {"description": "data: RestoreBackupTaskResponse", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Envelope"}}}}}}},
    "/api/v1/cancel_restore": {"post": {
      "summary": "Cancel a running restore (not in the Go tool)",
      "parameters": [{"$ref": "#/components/parameters/RequestId"}, {"name": "id", "in": "query", "required": true, "schema": {"type": "string"}}],
      "responses": {"200": {"description": "data: RestoreBackupTaskResponse", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Envelope"}}}}}}},
    "/api/v1/check": {"get": {
      "summary": "The check command's report",
      "responses": {"200": {"description": "report", "content": {"text/plain": {}}}, "500": {"description": "{\"error\": ...} naming the failed checks"}}}},
    "/api/v1/openapi.json": {"get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI 3", "content": {"application/json": {}}}}}},
    "/healthz": {"get": {"summary": "Health, never behind auth", "security": [], "responses": {"200": {"description": "OK", "content": {"text/plain": {}}}}}},
    "/metrics": {"get": {"summary": "Prometheus text format", "responses": {"200": {"description": "metrics", "content": {"text/plain": {}}}}}}
  }
})json";
  return kDocument;
}

}  // namespace mb::server
