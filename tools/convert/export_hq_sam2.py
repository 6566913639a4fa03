"""Export an HQ-SAM 2.1 or a plain SAM 2.1 checkpoint (SysCV/sam-hq, sam-hq2) to the encoder/decoder pair HqSam loads.

The pair follows HqSam's model contract exactly (Core/Contract/SamContract.cs; README, "The model contract"):

  encoder.onnx  image [1,3,1024,1024] -> high_res_feats_0 [1,32,256,256], high_res_feats_1 [1,64,128,128],
                image_embed [1,256,64,64]. The graph includes the decoder's conv_s0/conv_s1 projections of the
                high-resolution features and the "no memory" embedding, so its outputs feed the decoder as they are.
  decoder.onnx  image_embed, high_res_feats_0, high_res_feats_1, point_coords [1,N,2], point_labels [1,N],
                mask_input [1,1,256,256], has_mask_input [1]
                -> masks [1,4,1024,1024], iou_predictions [1,3], low_res_masks [1,4,256,256].
                Prompt encoding lives inside the graph: coordinates arrive in 1024 space, the graph adds the
                pixel-centre offset (+0.5), divides by 1024 and appends its own (0,0) padding point with label -1.
                MaskDecoderHQ predicts five masks (single-mask token, three multimask tokens, HQ token); the export
                keeps the three multimask outputs and the HQ mask (channel 3) and their three IoU scores.
                masks are the low-res logits upsampled bilinearly (align_corners=False) and clamped to +-32.
                Plain SAM 2.1 (Tiny, Small, Base+, Large; --config configs/sam2.1/sam2.1_hiera_{t,s,b+,l}.yaml) has
                no HQ token: masks [1,3,1024,1024] and low_res_masks [1,3,256,256] are the three multimask outputs,
                as in darktable's SAM 2.1 packages; everything else is the same.

Opset 17 (DirectML supports opset <= 17). Runs on torch 1.13 (Debian's python3-torch) and 2.x, without
hydra-core or iopath (sam2_sources.py stands in for the three calls SAM 2 makes of them). After exporting:
  * the contract's sizes are written into the graph's outputs, and every input and output is checked;
  * model.json (HqSam's manifest: sizes, SHA-256, where the weights came from) is written beside the pair;
  * parity/ holds PyTorch's own outputs for one image and three prompts; `hqsam models verify OUT`
    compares the ONNX pair against them (and this script does too when onnxruntime for Python is installed).

Usage:
  python3 export_hq_sam2.py --sam-hq2 sam-hq/sam-hq2 --checkpoint sam2.1_hq_hiera_large.pt --out models/sam21hq-large
  python3 export_hq_sam2.py --sam-hq2 sam-hq/sam-hq2 --random-weights --out models/reference
      # the real architecture with random weights: for tests and benchmarks only; its masks mean nothing,
      # model.json says `source: random-weights` and hqsam warns whenever it segments with it
  python3 export_hq_sam2.py --sam-hq2 sam-hq/sam-hq2 --config configs/sam2.1/sam2.1_hiera_s.yaml \
      --checkpoint sam2.1_hiera_small.pt --out models/sam21-small      # plain SAM 2.1 Small
  python3 export_hq_sam2.py ... --fp16   # also an fp16 pair in OUT-fp16/ (inputs and outputs stay float32)

tools/convert/make-reference-pair.sh runs the random-weights export from a fresh Debian machine.
"""

import argparse
import contextlib
import hashlib
import importlib.util
import inspect
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

IMAGE = 1024
CONTRACT_INPUTS = {
    "encoder": {"image": [1, 3, 1024, 1024]},
    "decoder": {
        "image_embed": [1, 256, 64, 64],
        "high_res_feats_0": [1, 32, 256, 256],
        "high_res_feats_1": [1, 64, 128, 128],
        "point_coords": [1, "N", 2],
        "point_labels": [1, "N"],
        "mask_input": [1, 1, 256, 256],
        "has_mask_input": [1],
    },
}
CONTRACT_OUTPUTS = {
    "encoder": {"high_res_feats_0": [1, 32, 256, 256], "high_res_feats_1": [1, 64, 128, 128], "image_embed": [1, 256, 64, 64]},
    "decoder": {"masks": [1, 4, 1024, 1024], "iou_predictions": [1, 3], "low_res_masks": [1, 4, 256, 256]},
}
# Plain SAM 2.1: the three multimask outputs, no HQ mask.
PLAIN_DECODER_OUTPUTS = {"masks": [1, 3, 1024, 1024], "iou_predictions": [1, 3], "low_res_masks": [1, 3, 256, 256]}


def is_hq(sam):
    """HQ-SAM's decoder has the HQ token (MaskDecoderHQ.hf_token); plain SAM 2.1's does not."""
    return hasattr(sam.sam_mask_decoder, "hf_token")


def outputs_of(role, hq):
    return CONTRACT_OUTPUTS[role] if role == "encoder" or hq else PLAIN_DECODER_OUTPUTS


class Encoder(nn.Module):
    """Backbone + FPN, the decoder's high-res projections, and the no-memory embedding on the 64x64 level."""

    def __init__(self, sam):
        super().__init__()
        self.sam = sam

    def forward(self, image):
        sam = self.sam
        out = sam.image_encoder(image)
        fpn = list(out["backbone_fpn"])
        fpn[0] = sam.sam_mask_decoder.conv_s0(fpn[0])
        fpn[1] = sam.sam_mask_decoder.conv_s1(fpn[1])
        levels = fpn[-sam.num_feature_levels:]
        lowest = levels[-1]
        b, c, h, w = lowest.shape
        # no_mem_embed is [1, 1, C]: added per position, as the image predictor does without memory.
        lowest = lowest + sam.no_mem_embed.reshape(1, c, 1, 1)
        return levels[0], levels[1], lowest


class Decoder(nn.Module):
    """Prompt encoding (points, labels, optional mask) and MaskDecoderHQ, traceable with a dynamic point count."""

    def __init__(self, sam):
        super().__init__()
        self.sam = sam
        self.prompt = sam.sam_prompt_encoder
        self.decoder = sam.sam_mask_decoder
        self.hq = is_hq(sam)

    def sparse(self, coords, labels):
        pad_xy = torch.zeros_like(coords[:, :1, :])
        pad_label = torch.full_like(labels[:, :1], -1.0)
        coords = torch.cat([coords + 0.5, pad_xy], dim=1) / IMAGE
        labels = torch.cat([labels, pad_label], dim=1)
        embedding = self.prompt.pe_layer._pe_encoding(coords)
        lab = labels.unsqueeze(-1)
        # Arithmetic masks instead of boolean indexing, so the graph keeps N dynamic.
        embedding = embedding * (lab != -1).to(embedding.dtype)
        embedding = embedding + self.prompt.not_a_point_embed.weight * (lab == -1).to(embedding.dtype)
        for k in range(self.prompt.num_point_embeddings):
            embedding = embedding + self.prompt.point_embeddings[k].weight * (lab == k).to(embedding.dtype)
        return embedding

    def dense(self, mask_input, has_mask_input):
        given = self.prompt.mask_downscaling(mask_input) * has_mask_input.reshape(1, 1, 1, 1)
        absent = self.prompt.no_mask_embed.weight.reshape(1, -1, 1, 1) * (1 - has_mask_input).reshape(1, 1, 1, 1)
        return given + absent

    def forward(self, image_embed, high_res_feats_0, high_res_feats_1, point_coords, point_labels, mask_input, has_mask_input):
        logits, iou, _, _ = self.decoder.predict_masks(
            image_embeddings=image_embed,
            image_pe=self.prompt.get_dense_pe(),
            sparse_prompt_embeddings=self.sparse(point_coords, point_labels),
            dense_prompt_embeddings=self.dense(mask_input, has_mask_input),
            repeat_image=False,
            high_res_features=[high_res_feats_0, high_res_feats_1],
        )
        # Channels: 0 single-mask token, 1-3 multimask tokens, (HQ-SAM) 4 HQ token. Keep 1-3 and the HQ mask.
        low_res = torch.cat([logits[:, 1:4], logits[:, 4:5]], dim=1) if self.hq else logits[:, 1:4]
        masks = F.interpolate(low_res, size=(IMAGE, IMAGE), mode="bilinear", align_corners=False).clamp(-32.0, 32.0)
        return masks, iou[:, 1:4], low_res


# Query rows the encoder's attention takes at once. Hiera's global-attention blocks (three in Hiera-L)
# attend over all 64x64 = 4096 tokens, and softmax(q kT) v written out holds two score tensors of
# heads x 4096 x 4096 floats at once (the scores and their softmax: 512 MiB each for Hiera-L's eight
# heads): one of the two highest points of ONNX Runtime's memory in an encode, the other being the joint
# q, k, v projection (below). The row blocks alone lowered `hqsam bench`'s peak little (2097 -> 2054 MB),
# both changes together to 1817 MB (docs/speed.md, session 15). Rows of the query are independent (each row's softmax
# sees every key), so blocks of 1024 rows give the same numbers with a quarter of that memory. The
# windowed blocks' queries (at most 256 rows) and the decoder are exported as they were.
ATTENTION_ROWS = 1024


def _attention_with_separate_projections(self, x):
    """Hiera's MultiScaleAttention.forward with q, k and v each projected on its own.

    The original projects all three at once (one Linear to 3 x dim_out channels) and splits the result:
    ONNX Runtime then holds that tensor and the three parts copied out of it together, 432 MiB at Hiera-L's
    first pooling block (1024 windows of 64 tokens, 864 channels), the encoder's memory peak once the
    global attention is in row blocks. The three weight slices of the same Linear give the same numbers
    (`hqsam models verify` against PyTorch's outputs of the unchanged model; checked on Hiera-L).
    """
    batch, height, width, _ = x.shape
    heads = self.num_heads
    weights = self.qkv.weight.chunk(3, dim=0)
    biases = self.qkv.bias.chunk(3, dim=0)
    q, k, v = (F.linear(x, w, b).reshape(batch, height * width, heads, -1) for w, b in zip(weights, biases))
    if self.q_pool:
        # Stage changes pool the queries in the image layout, as the original does.
        from sam2.modeling.backbones.hieradet import do_pool

        q = do_pool(q.reshape(batch, height, width, -1), self.q_pool)
        height, width = q.shape[1:3]
        q = q.reshape(batch, height * width, heads, -1)
    x = F.scaled_dot_product_attention(q.transpose(1, 2), k.transpose(1, 2), v.transpose(1, 2))
    return self.proj(x.transpose(1, 2).reshape(batch, height, width, -1))


@contextlib.contextmanager
def lean_encoder_attention(rows=ATTENTION_ROWS):
    """While exporting the encoder: queries longer than `rows` attend in blocks of rows, and Hiera's q, k, v
    are projected one by one. PyTorch's own outputs (parity/) come from the model as it is."""
    from sam2.modeling.backbones import hieradet

    forward = hieradet.MultiScaleAttention.forward
    hieradet.MultiScaleAttention.forward = _attention_with_separate_projections
    try:
        with attention_in_row_blocks(rows):
            yield
    finally:
        hieradet.MultiScaleAttention.forward = forward


@contextlib.contextmanager
def attention_in_row_blocks(rows=ATTENTION_ROWS):
    """While exporting, F.scaled_dot_product_attention computes queries longer than `rows` in blocks of rows."""
    whole = F.scaled_dot_product_attention

    def in_blocks(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, **kwargs):
        if query.shape[-2] <= rows or attn_mask is not None or is_causal or dropout_p:
            return whole(query, key, value, attn_mask=attn_mask, dropout_p=dropout_p, is_causal=is_causal, **kwargs)
        return torch.cat([whole(block, key, value, **kwargs) for block in query.split(rows, dim=-2)], dim=-2)

    F.scaled_dot_product_attention = in_blocks
    try:
        yield
    finally:
        F.scaled_dot_product_attention = whole


def export(module, inputs, names_in, names_out, path, opset, dynamic=None):
    kwargs = {}
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kwargs["dynamo"] = False  # torch >= 2.5: the TorchScript exporter, as on torch 1.13
    with torch.no_grad():
        torch.onnx.export(module, inputs, path, input_names=names_in, output_names=names_out,
                          opset_version=opset, do_constant_folding=True, dynamic_axes=dynamic or {}, **kwargs)
    print(f"wrote {path} ({os.path.getsize(path) / 1e6:.1f} MB)")


def pin_output_shapes(path, role, hq):
    """Writes the contract's sizes into the graph's outputs.

    The TorchScript exporter leaves some output dims unnamed or shares one symbol across unrelated
    dims (the decoder's outputs come out as [N,N,N,N]); the contract fixes every output size, so the
    graph says so and a consumer's load-time check can rely on it.
    """
    import onnx

    model = onnx.load(path)
    for output in model.graph.output:
        shape = outputs_of(role, hq).get(output.name)
        if shape is None:
            continue
        dims = output.type.tensor_type.shape.dim
        del dims[:]
        for size in shape:
            dims.add().dim_value = size
    onnx.save(model, path)
    onnx.checker.check_model(path)


def check_contract(path, role, hq):
    import onnx

    graph = onnx.load(path, load_external_data=False).graph
    problems = []
    for kind, expected, declared in (("input", CONTRACT_INPUTS[role], graph.input), ("output", outputs_of(role, hq), graph.output)):
        found = {v.name: v for v in declared}
        for name, shape in expected.items():
            if name not in found:
                problems.append(f"{kind} '{name}' missing; found {', '.join(found)}")
                continue
            t = found[name].type.tensor_type
            if t.elem_type != onnx.TensorProto.FLOAT:
                problems.append(f"{kind} '{name}' is not float32")
            dims = [d.dim_value if d.HasField("dim_value") else "N" for d in t.shape.dim]
            if dims != shape:
                problems.append(f"{kind} '{name}' has shape {dims}, expected {shape}")
    if problems:
        sys.exit(f"{os.path.basename(path)}: " + "; ".join(problems))
    print(f"{os.path.basename(path)}: contract OK")


PROMPTS = [
    ([[512, 512]], [1]),
    ([[100, 200], [800, 700]], [2, 3]),
    ([[100, 200], [800, 700], [400, 400], [600, 300]], [2, 3, 1, 0]),
]


def write_reference(sam, out_dir):
    """PyTorch's own outputs for one image and a few prompts, for `hqsam models verify` to compare against.

    parity/reference.json names raw little-endian float32 files (C order) beside it: the encoder's
    input and outputs, and per prompt the decoder's low_res_masks and iou_predictions.
    """
    folder = os.path.join(out_dir, "parity")
    os.makedirs(folder, exist_ok=True)
    generator = torch.Generator().manual_seed(0)
    image = torch.rand(1, 3, IMAGE, IMAGE, generator=generator) * 4 - 2  # about the normalised pixel range
    with torch.no_grad():
        feats = Encoder(sam)(image)
    files = {"image": "image.f32"}
    image.numpy().astype("<f4").tofile(os.path.join(folder, "image.f32"))
    for name, tensor in zip(CONTRACT_OUTPUTS["encoder"], feats):
        files[name] = f"{name}.f32"
        tensor.numpy().astype("<f4").tofile(os.path.join(folder, files[name]))
    decodes = []
    for i, (coords, labels) in enumerate(PROMPTS):
        inputs = (feats[2], feats[0], feats[1], torch.tensor([coords], dtype=torch.float32),
                  torch.tensor([labels], dtype=torch.float32), torch.zeros(1, 1, 256, 256), torch.zeros(1))
        with torch.no_grad():
            _, iou, low_res = Decoder(sam)(*inputs)
        low_res.numpy().astype("<f4").tofile(os.path.join(folder, f"low_res_masks_{i}.f32"))
        decodes.append({"point_coords": coords, "point_labels": labels,
                        "low_res_masks": f"low_res_masks_{i}.f32", "iou_predictions": iou[0].tolist()})
    with open(os.path.join(folder, "reference.json"), "w") as f:
        json.dump({"torch": torch.__version__, "encoder": files, "decodes": decodes}, f, indent=2)
    print(f"wrote PyTorch's reference outputs to {folder}")
    return image, feats


def parity(sam, out_dir, image, ref_feats):
    """The ONNX pair against PyTorch in Python, when the onnxruntime module is installed (Debian has none:
    there `hqsam models verify OUT` makes the same comparison from parity/)."""
    try:
        import onnxruntime as ort
    except ImportError:
        print("onnxruntime for Python not installed: run `hqsam models verify OUT` for the parity check")
        return None

    enc = ort.InferenceSession(os.path.join(out_dir, "encoder.onnx"), providers=["CPUExecutionProvider"])
    dec = ort.InferenceSession(os.path.join(out_dir, "decoder.onnx"), providers=["CPUExecutionProvider"])
    feats = enc.run(None, {"image": image.numpy()})
    print(f"encoder max |diff|: {max(float(np.abs(a - b.numpy()).max()) for a, b in zip(feats, ref_feats)):.5f}")
    worst = 0.0
    for coords, labels in PROMPTS:
        inputs = {"image_embed": feats[2], "high_res_feats_0": feats[0], "high_res_feats_1": feats[1],
                  "point_coords": np.array([coords], np.float32), "point_labels": np.array([labels], np.float32),
                  "mask_input": np.zeros((1, 1, 256, 256), np.float32), "has_mask_input": np.zeros(1, np.float32)}
        got = dec.run(None, inputs)
        with torch.no_grad():
            ref = Decoder(sam)(*(torch.from_numpy(v) for v in inputs.values()))
        worst = max(worst, float(np.abs(got[2] - ref[2].numpy()).max()))
    print(f"decoder max |logit diff| over {len(PROMPTS)} prompts: {worst:.5f}")
    return worst


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def architecture_of(config):
    """The network's name from its config file: sam2.1_hq_hiera_l.yaml -> "HQ-SAM 2.1 Hiera-L"."""
    stem = os.path.splitext(os.path.basename(config))[0]
    size = {"t": "Tiny", "s": "Small", "b+": "Base+", "l": "Large"}.get(stem.rsplit("_", 1)[-1], stem)
    return f"{'HQ-SAM 2.1' if '_hq_' in stem else 'SAM 2.1'} Hiera {size}"


def write_manifest(out_dir, model_id, precision, source, architecture):
    """model.json as HqSam's model store writes it; `models import` keeps its source, `hqsam` warns on random weights."""
    files = [{"name": name, "size": os.path.getsize(os.path.join(out_dir, name)), "sha256": sha256(os.path.join(out_dir, name))}
             for name in ("encoder.onnx", "decoder.onnx")]
    with open(os.path.join(out_dir, "model.json"), "w") as f:
        json.dump({"id": model_id, "precision": precision, "source": source, "architecture": architecture, "files": files}, f, indent=2)


def locate_sources(given):
    """The sam-hq2 folder: as given, or that of an installed `sam2` package (pip install -e sam-hq/sam-hq2)."""
    if given:
        return given
    spec = importlib.util.find_spec("sam2")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("sam-hq2 sources not found: pass --sam-hq2 PATH/sam-hq/sam-hq2 (or pip install -e it)")
    return os.path.dirname(list(spec.submodule_search_locations)[0])


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    weights = p.add_mutually_exclusive_group(required=True)
    weights.add_argument("--checkpoint", help="sam2.1_hq_hiera_large.pt")
    weights.add_argument("--random-weights", action="store_true",
                         help="no checkpoint: the real architecture with random weights, for tests and benchmarks only")
    p.add_argument("--sam-hq2", help="the sam-hq2 folder of SysCV/sam-hq (default: the installed sam2 package)")
    p.add_argument("--config", default="configs/sam2.1/sam2.1_hq_hiera_l.yaml")
    p.add_argument("--out", required=True)
    p.add_argument("--id", help="the model id written to model.json (default: the folder's name)")
    p.add_argument("--seed", type=int, default=0, help="with --random-weights: the initialisation seed")
    p.add_argument("--opset", type=int, default=17)
    p.add_argument("--fp16", action="store_true", help="also write an fp16 pair into OUT-fp16/ (needs onnxconverter-common)")
    args = p.parse_args()

    import sam2_sources

    torch.set_num_threads(os.cpu_count() or 1)
    sam = sam2_sources.build(locate_sources(args.sam_hq2), args.config, args.checkpoint, args.seed)
    hq = is_hq(sam)
    os.makedirs(args.out, exist_ok=True)
    enc_path, dec_path = os.path.join(args.out, "encoder.onnx"), os.path.join(args.out, "decoder.onnx")
    image = torch.randn(1, 3, IMAGE, IMAGE)
    with lean_encoder_attention():
        export(Encoder(sam), (image,), ["image"], list(CONTRACT_OUTPUTS["encoder"]), enc_path, args.opset)
    with torch.no_grad():
        f0, f1, embed = Encoder(sam)(image)
    dummy = (embed, f0, f1, torch.tensor([[[300.0, 400.0], [600.0, 500.0]]]), torch.tensor([[1.0, 0.0]]),
             torch.zeros(1, 1, 256, 256), torch.zeros(1))
    export(Decoder(sam), dummy, list(CONTRACT_INPUTS["decoder"]), list(outputs_of("decoder", hq)), dec_path, args.opset,
           dynamic={"point_coords": {1: "N"}, "point_labels": {1: "N"}})
    for path, role in ((enc_path, "encoder"), (dec_path, "decoder")):
        pin_output_shapes(path, role, hq)
        check_contract(path, role, hq)

    if args.random_weights:
        source = "random-weights"
    else:
        source = f"exported from {os.path.basename(args.checkpoint)} (SHA-256 {sha256(args.checkpoint)})"
    model_id = args.id or os.path.basename(os.path.normpath(args.out))
    write_manifest(args.out, model_id, "fp32", source, architecture_of(args.config))
    image, feats = write_reference(sam, args.out)
    parity(sam, args.out, image, feats)

    if args.fp16:
        import onnx
        try:
            from onnxconverter_common import float16
        except ImportError:
            sys.exit("--fp16 needs onnxconverter-common (pip install onnxconverter-common)")

        half = args.out.rstrip("/\\") + "-fp16"
        os.makedirs(half, exist_ok=True)
        for name in ("encoder", "decoder"):
            model = float16.convert_float_to_float16(onnx.load(os.path.join(args.out, f"{name}.onnx")), keep_io_types=True)
            onnx.save(model, os.path.join(half, f"{name}.onnx"))
            check_contract(os.path.join(half, f"{name}.onnx"), name, hq)
        write_manifest(half, model_id + "-fp16", "fp16", source, architecture_of(args.config))
        print("fp16 parity (against the fp32 PyTorch model):")
        parity(sam, half, image, feats)


if __name__ == "__main__":
    main()
