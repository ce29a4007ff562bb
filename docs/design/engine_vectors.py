# Independent check of SCIENCE.md's engine vectors (§3, "Test vectors"): the log-posterior
# written out from the formula, its derivatives by finite differences, Newton's method to the
# mode. Pure Python: `python3 docs/design/engine_vectors.py`.
import math
D=0.97; A=1.0; S0=1.5; M0=1.0; B0=0.03; SB=0.2
def sig(x): return 1/(1+math.exp(-x))
def negpost(x, tr):
    th,b=x; n=len(tr); mu0=tr[0][0]+M0
    lp=0
    for i,(d,o) in enumerate(tr):
        k=n-1-i; w=D**k; p=sig(A*(th-b*k-d))
        lp+=w*(o*math.log(p)+(1-o)*math.log(1-p))
    lp-=D**n*(th-b*n-mu0)**2/(2*S0**2)
    lp-=(b-B0)**2/(2*SB**2)
    return -lp
def grad_hess(x,tr,h=1e-4):
    f=lambda a,b: negpost((x[0]+a,x[1]+b),tr)
    g=[(f(h,0)-f(-h,0))/(2*h),(f(0,h)-f(0,-h))/(2*h)]
    H=[[ (f(h,0)-2*f(0,0)+f(-h,0))/h/h, (f(h,h)-f(h,-h)-f(-h,h)+f(-h,-h))/(4*h*h)],[0,(f(0,h)-2*f(0,0)+f(0,-h))/h/h]]
    H[1][0]=H[0][1]
    return g,H
def fit(tr):
    x=[tr[0][0]+M0+B0*len(tr),B0]
    for _ in range(200):
        g,H=grad_hess(x,tr); det=H[0][0]*H[1][1]-H[0][1]**2
        s=[(H[1][1]*g[0]-H[0][1]*g[1])/det,(H[0][0]*g[1]-H[0][1]*g[0])/det]
        c=min(1,2/max(abs(s[0]),abs(s[1]),1e-300))
        x=[x[0]-c*s[0],x[1]-c*s[1]]
    g,H=grad_hess(x,tr); det=H[0][0]*H[1][1]-H[0][1]**2
    Hi=[[H[1][1]/det,-H[0][1]/det],[-H[0][1]/det,H[0][0]/det]]
    v=(Hi[0][0]+2*Hi[0][1]+Hi[1][1])/D
    return x[0]+x[1],v,x[1]
def chance(m,v,d): return sig(A*(m-d)/math.sqrt(1+math.pi*A*A*v/8))
def rng(m,v,d): z=1.2815515655446; return sig(A*(m-z*math.sqrt(v)-d)), sig(A*(m+z*math.sqrt(v)-d))
t1=[(1,1),(3,1),(3,1)]
m,v,b=fit(t1); print("S1 m %.4f v %.4f b %.4f P(3) %.4f range %.4f-%.4f" % (m,v,b,chance(m,v,3),*rng(m,v,3)))
t2=[(1,1)]+[(3,1)]*3+[(6,1),(6,1),(6,0)]+[(6,1)]*4
m,v,b=fit(t2); print("S2 m %.4f v %.4f b %.4f P(6) %.4f P(7.5) %.4f range %.4f-%.4f P(10) %.4f" % (m,v,b,chance(m,v,6),chance(m,v,7.5),*rng(m,v,7.5),chance(m,v,10)))
