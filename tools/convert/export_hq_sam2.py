"""Export an HQ-SAM 2.1 checkpoint (SysCV/sam-hq, sam-hq2) to the encoder/decoder pair HqSam loads.

The pair follows HqSam's model contract exactly (Core/Model/SamContract.cs; README, "The model contract"):

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

Opset 17 (DirectML supports opset <= 17). After exporting, the script checks its own output:
  * the contract: every input and output name, element type and shape against that contract;
  * parity: the ONNX pair against the PyTorch model on a few prompts (max abs logit difference printed).

Usage:
  python export_hq_sam2.py --checkpoint sam2.1_hq_hiera_large.pt --config configs/sam2.1/sam2.1_hq_hiera_l.yaml --out models/sam21hq-large
  python export_hq_sam2.py ... --fp16          # also writes an fp16 pair into OUT-fp16/ (inputs and outputs stay float32)

NOTE: written against the sam-hq2 sources; not run in HqSam's CI (no PyTorch there). Its own checks say
whether an export is good; `hqsam models import DIR` checks the contract again before installing.
"""

import argparse
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
        # Channels: 0 single-mask token, 1-3 multimask tokens, 4 HQ token. Keep 1-3 and the HQ mask.
        low_res = torch.cat([logits[:, 1:4], logits[:, 4:5]], dim=1)
        masks = F.interpolate(low_res, size=(IMAGE, IMAGE), mode="bilinear", align_corners=False).clamp(-32.0, 32.0)
        return masks, iou[:, 1:4], low_res


def export(module, inputs, names_in, names_out, path, opset, dynamic=None):
    with torch.no_grad():
        torch.onnx.export(module, inputs, path, input_names=names_in, output_names=names_out,
                          opset_version=opset, do_constant_folding=True, dynamic_axes=dynamic or {}, dynamo=False)
    print(f"wrote {path} ({os.path.getsize(path) / 1e6:.1f} MB)")


def check_contract(path, role):
    import onnx

    graph = onnx.load(path, load_external_data=False).graph
    problems = []
    for kind, expected, declared in (("input", CONTRACT_INPUTS[role], graph.input), ("output", CONTRACT_OUTPUTS[role], graph.output)):
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


def parity(sam, out_dir):
    import onnxruntime as ort

    enc = ort.InferenceSession(os.path.join(out_dir, "encoder.onnx"), providers=["CPUExecutionProvider"])
    dec = ort.InferenceSession(os.path.join(out_dir, "decoder.onnx"), providers=["CPUExecutionProvider"])
    torch.manual_seed(0)
    image = torch.randn(1, 3, IMAGE, IMAGE)
    with torch.no_grad():
        ref_feats = Encoder(sam)(image)
    feats = enc.run(None, {"image": image.numpy()})
    print(f"encoder max |diff|: {max(float(np.abs(a - b.numpy()).max()) for a, b in zip(feats, ref_feats)):.5f}")
    prompts = [
        (np.array([[[512, 512]]], np.float32), np.array([[1]], np.float32)),
        (np.array([[[100, 200], [800, 700]]], np.float32), np.array([[2, 3]], np.float32)),
        (np.array([[[100, 200], [800, 700], [400, 400], [600, 300]]], np.float32), np.array([[2, 3, 1, 0]], np.float32)),
    ]
    worst = 0.0
    for coords, labels in prompts:
        inputs = {"image_embed": feats[2], "high_res_feats_0": feats[0], "high_res_feats_1": feats[1],
                  "point_coords": coords, "point_labels": labels,
                  "mask_input": np.zeros((1, 1, 256, 256), np.float32), "has_mask_input": np.zeros(1, np.float32)}
        got = dec.run(None, inputs)
        with torch.no_grad():
            ref = Decoder(sam)(*(torch.from_numpy(v) for v in inputs.values()))
        worst = max(worst, float(np.abs(got[2] - ref[2].numpy()).max()))
    print(f"decoder max |logit diff| over {len(prompts)} prompts: {worst:.5f}")
    return worst


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--config", default="configs/sam2.1/sam2.1_hq_hiera_l.yaml")
    p.add_argument("--out", required=True)
    p.add_argument("--opset", type=int, default=17)
    p.add_argument("--fp16", action="store_true", help="also write an fp16 pair into OUT-fp16/")
    args = p.parse_args()

    from sam2.build_sam import build_sam2  # from sam-hq2

    os.makedirs(args.out, exist_ok=True)
    sam = build_sam2(args.config, args.checkpoint, device="cpu").eval()
    enc_path, dec_path = os.path.join(args.out, "encoder.onnx"), os.path.join(args.out, "decoder.onnx")
    image = torch.randn(1, 3, IMAGE, IMAGE)
    export(Encoder(sam), (image,), ["image"], list(CONTRACT_OUTPUTS["encoder"]), enc_path, args.opset)
    with torch.no_grad():
        f0, f1, embed = Encoder(sam)(image)
    dummy = (embed, f0, f1, torch.tensor([[[300.0, 400.0], [600.0, 500.0]]]), torch.tensor([[1.0, 0.0]]),
             torch.zeros(1, 1, 256, 256), torch.zeros(1))
    export(Decoder(sam), dummy, list(CONTRACT_INPUTS["decoder"]), list(CONTRACT_OUTPUTS["decoder"]), dec_path, args.opset,
           dynamic={"point_coords": {1: "N"}, "point_labels": {1: "N"}})
    check_contract(enc_path, "encoder")
    check_contract(dec_path, "decoder")
    parity(sam, args.out)

    if args.fp16:
        import onnx
        from onnxconverter_common import float16

        half = args.out.rstrip("/\\") + "-fp16"
        os.makedirs(half, exist_ok=True)
        for name in ("encoder", "decoder"):
            model = float16.convert_float_to_float16(onnx.load(os.path.join(args.out, f"{name}.onnx")), keep_io_types=True)
            onnx.save(model, os.path.join(half, f"{name}.onnx"))
            check_contract(os.path.join(half, f"{name}.onnx"), name)
        print("fp16 parity (against the fp32 PyTorch model):")
        parity(sam, half)


if __name__ == "__main__":
    main()
