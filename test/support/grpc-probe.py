#!/usr/bin/python3
"""An independent gRPC client for the coordinator's tests (issue 15): Debian's python3-grpcio and
python3-protobuf, nothing of Maat's. The schema comes from the server's reflection
(grpc.reflection.v1alpha, requests and responses encoded by hand: no generated code).

usage: grpc-probe.py TARGET SERVICE/METHOD [--request JSON] [--ca FILE] [--cert FILE --key FILE]
                     [--token TOKEN] [--call-token TOKEN] [--timeout SECONDS]
                     [--repeat N --every SECONDS]

Prints one JSON line per response message (field names as in the proto), then a last line
{"status": "<CODE NAME>", "details": "..."}; exits 0 when the call got a status, 2 when the probe
itself failed (reflection answered nothing usable, bad arguments).
With --repeat N (unary methods), the call is made N times on one channel, --every seconds apart,
each printing {"call": i, "code": "<CODE NAME>", "ms": wall milliseconds, "response": {...}}.
"""
import argparse
import json
import sys
import time

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory

REFLECTION = "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"


def varint(buf, i):
    shift = result = 0
    while True:
        b = buf[i]
        i += 1
        result |= (b & 0x7F) << shift
        if b < 0x80:
            return result, i
        shift += 7


def fields(buf):
    """(field number, wire type, value) of one protobuf message; value is bytes for wire type 2."""
    i = 0
    while i < len(buf):
        key, i = varint(buf, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = varint(buf, i)
        elif wire == 2:
            size, i = varint(buf, i)
            value, i = buf[i:i + size], i + size
        elif wire == 1:
            value, i = buf[i:i + 8], i + 8
        elif wire == 5:
            value, i = buf[i:i + 4], i + 4
        else:
            raise ValueError("unsupported wire type %d" % wire)
        yield number, wire, value


def encode_string_field(number, text):
    data = text.encode()
    out = bytearray([(number << 3) | 2])
    n = len(data)
    while True:
        if n < 0x80:
            out.append(n)
            break
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    return bytes(out) + data


def reflect(channel, symbol, metadata, timeout):
    """The serialized FileDescriptorProtos the server gives for the file holding `symbol`."""
    call = channel.stream_stream(REFLECTION, request_serializer=lambda b: b, response_deserializer=lambda b: b)
    request = encode_string_field(4, symbol)  # ServerReflectionRequest.file_containing_symbol
    files = []
    for response in call(iter([request]), metadata=metadata, timeout=timeout):
        for number, _, value in fields(response):
            if number == 4:  # file_descriptor_response
                files += [v for n, _, v in fields(value) if n == 1]
            elif number == 7:  # error_response
                raise RuntimeError("reflection: %r" % bytes(value))
    return files


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("target")
    parser.add_argument("method")
    parser.add_argument("--request", default="{}")
    parser.add_argument("--ca")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--token")
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--repeat", type=int, default=0, help="make the (unary) call this many times, timing each")
    parser.add_argument("--every", type=float, default=0.05, help="seconds between two repeated calls")
    parser.add_argument("--call-token", help="the call's own token, when it differs from the one reflection uses (\"\": none)")
    args = parser.parse_args()
    service, method = args.method.rsplit("/", 1)
    if args.ca:
        read = lambda p: open(p, "rb").read() if p else None
        credentials = grpc.ssl_channel_credentials(root_certificates=read(args.ca), private_key=read(args.key), certificate_chain=read(args.cert))
        channel = grpc.secure_channel(args.target, credentials)
    else:
        channel = grpc.insecure_channel(args.target)
    metadata = [("authorization", "Bearer " + args.token)] if args.token is not None else []
    try:
        files = reflect(channel, service, metadata, args.timeout)
    except grpc.RpcError as e:
        print(json.dumps({"status": e.code().name, "details": e.details(), "phase": "reflection"}))
        return 0
    pool = descriptor_pool.DescriptorPool()
    pending = [descriptor_pb2.FileDescriptorProto.FromString(f) for f in files]
    while pending:
        added = [f for f in pending if all(_has(pool, d) for d in f.dependency)]
        if not added:
            print("probe: reflection gave files with unresolved imports: %s" % [f.name for f in pending], file=sys.stderr)
            return 2
        for f in added:
            pool.Add(f)
        pending = [f for f in pending if f not in added]
    method_descriptor = pool.FindServiceByName(service).FindMethodByName(method)
    factory = message_factory.MessageFactory(pool)
    request_class = factory.GetPrototype(method_descriptor.input_type)
    response_class = factory.GetPrototype(method_descriptor.output_type)
    request = json_format.Parse(args.request, request_class())
    if args.call_token is not None:
        metadata = [("authorization", "Bearer " + args.call_token)] if args.call_token != "" else []
    path = "/%s/%s" % (service, method)
    options = dict(request_serializer=lambda m: m.SerializeToString(), response_deserializer=response_class.FromString)
    show = lambda m: print(json.dumps(json_format.MessageToDict(m, preserving_proto_field_name=True)), flush=True)
    if args.repeat > 0:
        call = channel.unary_unary(path, **options)
        for i in range(args.repeat):
            started = time.monotonic()
            try:
                response = call(request, metadata=metadata, timeout=args.timeout)
                code, body = "OK", json_format.MessageToDict(response, preserving_proto_field_name=True)
            except grpc.RpcError as e:
                code, body = e.code().name, {}
            ms = (time.monotonic() - started) * 1000
            print(json.dumps({"call": i, "code": code, "ms": round(ms, 1), "response": body}), flush=True)
            time.sleep(args.every)
        print(json.dumps({"status": "OK", "details": ""}))
        return 0
    try:
        if method_descriptor.server_streaming:
            for response in channel.unary_stream(path, **options)(request, metadata=metadata, timeout=args.timeout):
                show(response)
        else:
            show(channel.unary_unary(path, **options)(request, metadata=metadata, timeout=args.timeout))
    except grpc.RpcError as e:
        print(json.dumps({"status": e.code().name, "details": e.details()}))
        return 0
    print(json.dumps({"status": "OK", "details": ""}))
    return 0


def _has(pool, name):
    try:
        pool.FindFileByName(name)
        return True
    except KeyError:
        return False


if __name__ == "__main__":
    sys.exit(main())
