# Independent model of the node's pool math (chain-core/economics/src/pool/math.rs) for the Sequence.
import sys
FEE=33; DEN=65535
def quote(rin, rout, amt, rate=FEE):
    assert amt>0 and rout>=1_000_000
    fee=amt*rate//DEN; net=amt-fee
    out=rout*net//(rin+net); assert 0<out<rout
    return fee,net,out
def price(t,a):
    bits=(t<<64)//a; rao=(bits*10**9)>>64; return rao*10**9
def seq(t,a,stake):
    r=[0]*26
    r[0]=t;r[1]=a
    r[4]=price(t,a)
    r[5]=quote(t,a,stake)[2]
    r[6]=quote(a,t,10**9)[2]
    fee,net,out=quote(t,a,stake); t+=net; a-=out; st=out
    r[7]=stake*10**9; r[8]=st; r[9]=t; r[10]=a; r[11]=price(t,a)
    half=st//2
    r[12]=quote(a,t,half)[2]
    def sell(t,a,x):
        fee,net,out=quote(a,t,x); t-=out; a+=net
        if fee>0:
            try:
                _,_,o2=quote(a,t,fee,0); t-=o2; a+=fee
            except AssertionError: pass
        return t,a,out
    t,a,paid=sell(t,a,half); st-=half
    r[13]=paid*10**9; r[14]=st; r[15]=t; r[16]=a; r[17]=price(t,a)
    r[18]=quote(t,a,stake//3)[2]
    fee,net,out=quote(t,a,stake//3); t+=net; a-=out; st+=out
    r[19]=st; r[20]=12350
    t,a,paid=sell(t,a,st); st=0
    r[21]=paid*10**9; r[22]=0; r[23]=t; r[24]=a; r[25]=price(t,a)
    return r
if __name__=="__main__":
    print(seq(int(sys.argv[1]),int(sys.argv[2]),int(sys.argv[3])))
