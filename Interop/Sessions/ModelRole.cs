namespace HqSam.Interop.Sessions;

public enum ModelRole
{
    Encoder,
    Decoder,
}
